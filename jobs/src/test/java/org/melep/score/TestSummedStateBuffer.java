package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The driver's in-place merge of partial states: cells against an exact (BigDecimal) sum of the
 * parts, counts added, a logarithm of 0 kept, other groups refused.
 */
class TestSummedStateBuffer {

  @Test
  void jointCountsOfManyTasksAddUpToTheExactSumOfTheirCells() {
    Random r = new Random(7);
    int y = 3;
    int z = 4;
    int cells = 4 * y * z;
    int tasks = 50;
    BigDecimal[] exact = new BigDecimal[cells];
    java.util.Arrays.fill(exact, BigDecimal.ZERO);
    long[] positives = new long[y];
    long n = 0;
    JointCountsBuffer merged = null;
    for (int t = 0; t < tasks; t++) {
      double[] joint = new double[cells];
      for (int k = 0; k < cells; k++) {
        // sums of very different sizes: a plain running sum drops digits of the small ones
        joint[k] = (t % 2 == 0 ? 1e6 : 1e-3) * r.nextDouble() + (k % 5 == 0 ? 1e9 : 0);
        exact[k] = exact[k].add(new BigDecimal(joint[k]));
      }
      long[] pos = {t, 2L * t, 1};
      for (int j = 0; j < y; j++) {
        positives[j] += pos[j];
      }
      n += 10 + t;
      JointCountsBuffer b = JointCountsBuffer.of(4, 2, y, z, 10 + t, pos, joint);
      if (merged == null) {
        merged = b;
      } else {
        merged.mergeInPlace(b);
      }
    }
    merged.finishMerge();
    assertThat(merged.getN()).isEqualTo(n);
    assertThat(merged.getPositives()).containsExactly(positives);
    for (int k = 0; k < cells; k++) {
      double want = exact[k].doubleValue(); // correctly rounded
      assertThat(merged.getJoint()[k])
          .isCloseTo(want, org.assertj.core.data.Offset.offset(Math.ulp(want)));
    }
  }

  @Test
  void aLogarithmOfZeroStaysMinusInfinityAndTheOtherSumsAddUp() {
    PhiSumsBuffer a =
        PhiSumsBuffer.of(0, 1, 1, 2, 3, new double[] {-1.5, Double.NEGATIVE_INFINITY});
    PhiSumsBuffer b = PhiSumsBuffer.of(0, 1, 1, 2, 4, new double[] {-2.25, -7.0});
    a.mergeInPlace(b);
    a.mergeInPlace(PhiSumsBuffer.of(0, 1, 1, 2, 1, new double[] {-0.25, -1.0}));
    a.finishMerge();
    assertThat(a.getN()).isEqualTo(8);
    assertThat(a.getLogSums()).containsExactly(-4.0, Double.NEGATIVE_INFINITY);
  }

  @Test
  void anUnshapedStateIsTheIdentity() {
    JointCountsBuffer a =
        JointCountsBuffer.of(0, 0, 1, 1, 2, new long[] {1}, new double[] {1, 2, 3, 4});
    a.mergeInPlace(new JointCountsBuffer());
    a.finishMerge();
    assertThat(a.getN()).isEqualTo(2);
    assertThat(a.getJoint()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void theStateOfAnotherGroupIsRefused() {
    JointCountsBuffer a = JointCountsBuffer.of(0, 0, 1, 1, 2, new long[] {1}, new double[4]);
    JointCountsBuffer b = JointCountsBuffer.of(5, 0, 1, 1, 2, new long[] {1}, new double[4]);
    assertThatThrownBy(() -> a.mergeInPlace(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fold #0")
        .hasMessageContaining("fold #5");
  }
}
