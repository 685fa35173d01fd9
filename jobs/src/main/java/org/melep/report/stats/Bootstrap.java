package org.melep.report.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap interval of a mean: resample the values (folds) with replacement, seeded,
 * and take the 2.5% and 97.5% quantiles (linear interpolation) of the resampled means. NaN values
 * (undefined per-fold statistics) are left out first and counted in {@code n}'s complement.
 */
public final class Bootstrap {
  public static final int DEFAULT_RESAMPLES = 2000;

  private Bootstrap() {}

  /** Mean and its interval over the finite values. */
  public record Interval(int n, double mean, double lower, double upper) {}

  public static Interval meanInterval(double[] values, int resamples, long seed) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
    int n = v.length;
    if (n == 0) {
      return new Interval(0, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = mean(v);
    if (resamples < 1) {
      throw new IllegalArgumentException(
          "Cannot bootstrap: resamples must be positive: " + resamples);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += v[random.nextInt(n)];
      }
      means[b] = s / n;
    }
    Arrays.sort(means);
    return new Interval(n, mean, quantile(means, 0.025), quantile(means, 0.975));
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Linear-interpolation quantile of sorted values (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
