package org.melep.report.stats;

/** Mean and sample standard deviation ({@code n - 1}; NaN for fewer than two values). */
public record MeanSd(int n, double mean, double sd) {

  public static MeanSd of(double[] v) {
    int n = v.length;
    if (n == 0) {
      return new MeanSd(0, Double.NaN, Double.NaN);
    }
    double mean = 0;
    for (double x : v) {
      mean += x;
    }
    mean /= n;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new MeanSd(n, mean, n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1)));
  }
}
