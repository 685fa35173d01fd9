package org.melep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.melep.melep.ConditionalTable;
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
        double[][] cell = new double[2][2];
        long pos = 0;
        for (int i = 0; i < 200; i++) {
          int t = task.targets()[i][y] ? 1 : 0;
          pos += t;
          cell[t][1] += task.theta()[i][z];
          cell[t][0] += 1 - task.theta()[i][z];
        }
        assertThat(c.positives(y)).isEqualTo(pos);
        for (int t = 0; t < 2; t++) {
          for (int s = 0; s < 2; s++) {
            assertThat(c.joint(y, z, t, s)).isCloseTo(cell[t][s], within(1e-12 * cell[t][s]));
          }
        }
        assertThat(c.s1(y, z)).isEqualTo(c.joint(y, z, 1, 1));
        assertThat(c.s0(y, z)).isEqualTo(c.joint(y, z, 0, 1));
      }
    }
    assertThat(c.n()).isEqualTo(200);
  }

  /** A double-double running sum (Knuth's two-sum): the reference, independent of the kernel. */
  private static final class ExactSum {
    double hi;
    double lo;

    void add(double x) {
      double s = hi + x;
      double bb = s - hi;
      lo += (hi - (s - bb)) + (x - bb);
      hi = s;
    }

    double value() {
      return hi + lo;
    }
  }

  /**
   * A million records, prevalence 0.999 and saturated outputs (logits of +-20 .. 40): the cells the
   * old {@code C - S1} and {@code pos - S1} subtractions got wrong by up to 4e-4 relative are now
   * within 1e-12 of a compensated reference, and so is the conditional table.
   */
  @Test
  void skewedSaturatedGroupMatchesACompensatedReference() {
    int n = 1_000_000;
    int zn = 3;
    Random r = new Random(11);
    JointCounts c = JointCounts.empty(1, zn);
    ExactSum[][][] ref = new ExactSum[2][2][zn];
    for (int t = 0; t < 2; t++) {
      for (int s = 0; s < 2; s++) {
        for (int z = 0; z < zn; z++) {
          ref[t][s][z] = new ExactSum();
        }
      }
    }
    double[] theta = new double[zn];
    int[] one = {0};
    long positives = 0;
    for (int i = 0; i < n; i++) {
      boolean positive = r.nextDouble() < 0.999;
      for (int z = 0; z < zn; z++) {
        double logit = 20 + 20 * r.nextDouble();
        // z = 0 follows the label, z = 1 is always on, z = 2 is always off
        boolean on = z == 0 ? positive : z == 1;
        theta[z] = 1 / (1 + Math.exp(on ? -logit : logit));
      }
      int t = positive ? 1 : 0;
      positives += t;
      c.add(theta, 0, one, t);
      for (int z = 0; z < zn; z++) {
        ref[t][1][z].add(theta[z]);
        ref[t][0][z].add(1 - theta[z]);
      }
    }
    assertThat(c.positives(0)).isEqualTo(positives);
    ConditionalTable table = ConditionalTable.from(c);
    for (int z = 0; z < zn; z++) {
      for (int t = 0; t < 2; t++) {
        for (int s = 0; s < 2; s++) {
          double expected = ref[t][s][z].value();
          assertThat(expected).isPositive();
          assertThat(Math.abs(c.joint(0, z, t, s) - expected))
              .as(
                  "joint(z=%d, t=%d, s=%d) = %s, reference %s",
                  z, t, s, c.joint(0, z, t, s), expected)
              .isLessThanOrEqualTo(1e-12 * expected);
        }
      }
      for (int s = 0; s < 2; s++) {
        double marginal = ref[0][s][z].value() + ref[1][s][z].value();
        for (int t = 0; t < 2; t++) {
          double expected = ref[t][s][z].value() / marginal;
          assertThat(Math.abs(table.conditional(0, z, t, s) - expected))
              .as("P(t=%d | s=%d) for z=%d", t, s, z)
              .isLessThanOrEqualTo(1e-12 * expected);
        }
      }
    }
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
      double[] w = whole.jointArray();
      double[] m = merged.jointArray();
      for (int k = 0; k < w.length; k++) {
        assertThat(m[k]).isCloseTo(w[k], within(1e-13 * w[k]));
      }
    }
  }

  @Test
  void aRebuiltStateHasTheSameCells() {
    RandomTask task = RandomTask.of(10, 80, 2, 3);
    JointCounts c = countsOf(task, 0, 80);
    JointCounts rebuilt = JointCounts.of(2, 3, c.n(), c.positivesArray().clone(), c.jointArray());
    assertThat(rebuilt.jointArray()).containsExactly(c.jointArray());
    assertThatThrownBy(() -> JointCounts.of(2, 3, 1, new long[2], new double[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot rebuild joint counts: array sizes do not match Y=2, Z=3");
  }

  @Test
  void emptyIsTheIdentity() {
    RandomTask task = RandomTask.of(9, 50, 2, 3);
    JointCounts c = countsOf(task, 0, 50);
    JointCounts merged = JointCounts.sum(c, JointCounts.empty(2, 3));
    assertThat(merged.jointArray()).containsExactly(c.jointArray());
    assertThat(merged.n()).isEqualTo(50);
  }

  @Test
  void refusesToMergeDifferentShapes() {
    assertThatThrownBy(() -> JointCounts.empty(2, 3).merge(JointCounts.empty(3, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot merge joint counts of different shapes: Y=2, Z=3 and Y=3, Z=3");
  }
}
