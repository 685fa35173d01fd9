package org.melep.melep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.melep.stats.JointCounts;

class TestPhiSums {

  private static PhiSums sumsOf(RandomTask task, ConditionalTable table, int from, int to) {
    PhiSums s = PhiSums.empty(task.labels().size(), task.theta()[0].length);
    for (int i = from; i < to; i++) {
      int[] pos = MelepCalculator.positiveIndices(task.targets()[i]);
      s.add(table, task.theta()[i], 0, pos, pos.length);
    }
    return s;
  }

  private static ConditionalTable tableOf(RandomTask task) {
    JointCounts c = JointCounts.empty(task.labels().size(), task.theta()[0].length);
    for (int i = 0; i < task.theta().length; i++) {
      int[] pos = MelepCalculator.positiveIndices(task.targets()[i]);
      c.add(task.theta()[i], 0, pos, pos.length);
    }
    return ConditionalTable.from(c);
  }

  @Test
  void mergeOfPartsWithPendingBlocksEqualsTheWhole() {
    RandomTask task = RandomTask.of(21, 203, 3, 4);
    ConditionalTable table = tableOf(task);
    PhiSums whole = sumsOf(task, table, 0, 203);
    PhiSums parts =
        sumsOf(task, table, 0, 37)
            .merge(sumsOf(task, table, 37, 101))
            .merge(sumsOf(task, table, 101, 203));
    assertThat(parts.n()).isEqualTo(203);
    for (int y = 0; y < 3; y++) {
      for (int z = 0; z < 4; z++) {
        double expected = 0;
        for (int i = 0; i < 203; i++) {
          int t = task.targets()[i][y] ? 1 : 0;
          double theta = task.theta()[i][z];
          expected +=
              Math.log(
                  table.conditional(y, z, t, 0) * (1 - theta)
                      + table.conditional(y, z, t, 1) * theta);
        }
        assertThat(whole.logSum(y, z))
            .isCloseTo(
                expected, org.assertj.core.api.Assertions.within(1e-12 * Math.abs(expected)));
        assertThat(parts.logSum(y, z))
            .isCloseTo(
                expected, org.assertj.core.api.Assertions.within(1e-12 * Math.abs(expected)));
      }
    }
  }

  @Test
  void blocksOfSmallArgumentsDoNotUnderflow() {
    // a rare label (1 positive in 200,000) predicted confidently wrong: arguments near 1/n
    int n = 200_000;
    double[][] theta = new double[n][1];
    boolean[][] t = new boolean[n][1];
    for (int i = 0; i < n; i++) {
      theta[i][0] = i % 2 == 0 ? 1.0 : 0.0;
      t[i][0] = i < 16;
    }
    MelepResult r = MelepCalculator.compute(java.util.List.of("A"), theta, t, Weighting.CODE);
    assertThat(r.melep()).isFinite();
    assertThat(Math.abs(r.melep() - PlainLoopMelep.melep(theta, t, Weighting.CODE)))
        .isLessThanOrEqualTo(1e-12 * r.melep());
  }
}
