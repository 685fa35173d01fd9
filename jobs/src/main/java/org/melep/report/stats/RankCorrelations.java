package org.melep.report.stats;

/**
 * Rank correlations of paired samples: Spearman's rho (Pearson of average ranks), Kendall's tau-b
 * (ties in either variable corrected) and the weighted tau with hyperbolic weights (Vigna 2015;
 * scipy.stats.weightedtau's default: additive weights {@code 1/(r+1)} of the ranks, both rankings
 * averaged). Direct O(n^2) pair loops: n is a number of checkpoints or folds.
 */
public final class RankCorrelations {
  private RankCorrelations() {}

  /** Spearman's rho with Fisher interval and t-test p-value over the average ranks. */
  public static CorrelationResult spearman(double[] x, double[] y) {
    Checks.sameLength(x, y);
    return PearsonMoments.of(Ranks.average(x), Ranks.average(y)).finish();
  }

  /**
   * Kendall's tau-b: {@code (C - D) / sqrt((n0 - n1)(n0 - n2))}; NaN when a variable is constant.
   */
  public static double kendallTauB(double[] x, double[] y) {
    Checks.sameLength(x, y);
    Checks.finite(x, "Kendall's tau");
    Checks.finite(y, "Kendall's tau");
    long concordance = 0;
    long untiedX = 0;
    long untiedY = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        int sx = Double.compare(x[i], x[j]);
        int sy = Double.compare(y[i], y[j]);
        concordance += Integer.signum(sx) * Integer.signum(sy);
        untiedX += sx != 0 ? 1 : 0;
        untiedY += sy != 0 ? 1 : 0;
      }
    }
    if (untiedX == 0 || untiedY == 0) {
      return Double.NaN;
    }
    return concordance / Math.sqrt((double) untiedX * untiedY);
  }

  /**
   * Weighted tau with hyperbolic additive weights, as {@code scipy.stats.weightedtau(x, y)}: the
   * mean of the tau weighted by the ranking of (x, then y) and by that of (y, then x), the largest
   * value ranked 0 (most important). Both variables must be oriented so that larger is better.
   */
  public static double weightedTau(double[] x, double[] y) {
    Checks.sameLength(x, y);
    Checks.finite(x, "the weighted tau");
    Checks.finite(y, "the weighted tau");
    double a = weightedTau(x, y, descendingRank(x, y));
    double b = weightedTau(x, y, descendingRank(y, x));
    return (a + b) / 2;
  }

  /** The weighted tau for a given importance rank per element (0 = most important). */
  static double weightedTau(double[] x, double[] y, int[] rank) {
    double num = 0;
    double normX = 0;
    double normY = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        double w = 1.0 / (rank[i] + 1) + 1.0 / (rank[j] + 1);
        int sx = Integer.signum(Double.compare(x[i], x[j]));
        int sy = Integer.signum(Double.compare(y[i], y[j]));
        num += w * sx * sy;
        normX += sx != 0 ? w : 0;
        normY += sy != 0 ? w : 0;
      }
    }
    if (normX == 0 || normY == 0) {
      return Double.NaN;
    }
    return Math.max(-1.0, Math.min(1.0, num / Math.sqrt(normX) / Math.sqrt(normY)));
  }

  /**
   * Rank 0 for the lexicographically largest (primary, secondary) pair; an exact tie goes to the
   * later element first (scipy sorts ascending, stably, and reverses).
   */
  static int[] descendingRank(double[] primary, double[] secondary) {
    int n = primary.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) -> {
          int c = Double.compare(primary[a], primary[b]);
          if (c == 0) {
            c = Double.compare(secondary[a], secondary[b]);
          }
          return c != 0 ? c : Integer.compare(a, b);
        });
    int[] rank = new int[n];
    for (int k = 0; k < n; k++) {
      rank[order[n - 1 - k]] = k;
    }
    return rank;
  }
}
