package org.melep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.melep.melep.MelepCalculator;
import org.melep.melep.RandomTask;

class TestJointCounts {

  private static JointCounts countsOf(RandomTask task, int from, int to) {
    int z = task.theta()[0].length;
    JointCounts c = JointCounts.empty(task.labels().size(), z);
    for (int i = from; i < to; i++) {
      int[] pos = MelepCalculator.positiveIndices(task.targets()[i]);
      c.add(task.theta()[i], 0, pos, pos.length);
    }
    return c;
  }

  @Test
  void matchesAPlainLoopOverPositivesAndNegatives() {
    RandomTask task = RandomTask.of(7, 200, 3, 6);
    JointCounts c = countsOf(task, 0, 200);
    for (int y = 0; y < 3; y++) {
      for (int z = 0; z < 6; z++) {
        double s1 = 0;
        double s0 = 0;
        long pos = 0;
        for (int i = 0; i < 200; i++) {
          if (task.targets()[i][y]) {
            s1 += task.theta()[i][z];
            pos++;
          } else {
            s0 += task.theta()[i][z];
          }
        }
        assertThat(c.positives(y)).isEqualTo(pos);
        assertThat(c.s1(y, z)).isCloseTo(s1, org.assertj.core.api.Assertions.within(1e-12 * s1));
        assertThat(c.s0(y, z)).isCloseTo(s0, org.assertj.core.api.Assertions.within(1e-11));
      }
    }
    assertThat(c.n()).isEqualTo(200);
  }

  @Test
  void mergeOfPartsEqualsTheWhole() {
    RandomTask task = RandomTask.of(8, 300, 4, 5);
    JointCounts whole = countsOf(task, 0, 300);
    JointCounts ab = JointCounts.sum(countsOf(task, 0, 120), countsOf(task, 120, 300));
    JointCounts ba = JointCounts.sum(countsOf(task, 120, 300), countsOf(task, 0, 120));
    for (JointCounts merged : new JointCounts[] {ab, ba}) {
      assertThat(merged.n()).isEqualTo(whole.n());
      assertThat(merged.positivesArray()).containsExactly(whole.positivesArray());
      for (int k = 0; k < whole.s1Array().length; k++) {
        assertThat(merged.s1Array()[k]).isCloseTo(whole.s1Array()[k], org.assertj.core.api.Assertions.within(1e-12));
      }
    }
  }

  @Test
  void emptyIsTheIdentity() {
    RandomTask task = RandomTask.of(9, 50, 2, 3);
    JointCounts c = countsOf(task, 0, 50);
    JointCounts merged = JointCounts.sum(c, JointCounts.empty(2, 3));
    assertThat(merged.s1Array()).containsExactly(c.s1Array());
    assertThat(merged.columnSumsArray()).containsExactly(c.columnSumsArray());
    assertThat(merged.n()).isEqualTo(50);
  }

  @Test
  void refusesToMergeDifferentShapes() {
    assertThatThrownBy(() -> JointCounts.empty(2, 3).merge(JointCounts.empty(3, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot merge joint counts of different shapes: Y=2, Z=3 and Y=3, Z=3");
  }
}
