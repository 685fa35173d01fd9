package org.melep.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The F1 standard error formula against a direct Monte Carlo of test splits. */
class TestFoldSizing {
  /** F1 of one simulated test split: each record positive with p, detected / flagged by r, q. */
  private static double f1(SplittableRandom rng, int n, double p, double recall, double fpRate) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < n; i++) {
      boolean positive = rng.nextDouble() < p;
      boolean predicted = positive ? rng.nextDouble() < recall : rng.nextDouble() < fpRate;
      if (positive && predicted) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (positive) {
        fn++;
      }
    }
    return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
  }

  @Test
  void standardErrorMatchesMonteCarlo() {
    SplittableRandom rng = new SplittableRandom(5);
    double[][] cases = {{300, 0.25, 0.7, 0.7}, {1500, 0.25, 0.7, 0.7}, {600, 0.1, 0.8, 0.6}};
    for (double[] c : cases) {
      int n = (int) c[0];
      double p = c[1];
      double precision = c[2];
      double recall = c[3];
      // false positive rate among negatives giving this precision
      double fpRate = recall * p * (1 / precision - 1) / (1 - p);
      int reps = 4000;
      double s1 = 0;
      double s2 = 0;
      for (int k = 0; k < reps; k++) {
        double f = f1(rng, n, p, recall, fpRate);
        s1 += f;
        s2 += f * f;
      }
      double mean = s1 / reps;
      double sd = Math.sqrt(s2 / reps - mean * mean);
      assertThat(FoldSizing.f1StandardError(n, p, precision, recall))
          .as("n=%d p=%s", n, p)
          .isCloseTo(sd, within(0.08 * sd));
    }
  }

  @Test
  void closedFormAtEqualPrecisionAndRecall() {
    // r (1 - r) (2 - r) / (2 n p)
    double r = 0.7;
    assertThat(FoldSizing.f1StandardError(300, 0.25, r, r))
        .isCloseTo(Math.sqrt(r * (1 - r) * (2 - r) / (2 * 300 * 0.25)), within(1e-12));
    int n = FoldSizing.testSizeFor(0.03, 2, 4, 0.25, r, r);
    assertThat(FoldSizing.differenceStandardError(n, 4, 0.25, r, r)).isLessThanOrEqualTo(0.015);
    assertThat(FoldSizing.differenceStandardError(n - 1, 4, 0.25, r, r)).isGreaterThan(0.015);
    assertThatThrownBy(() -> FoldSizing.f1StandardError(0, 0.2, r, r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot size a test split: need n >= 1");
  }
}
