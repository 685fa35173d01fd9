package org.melep.report.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A correlation coefficient over {@code n} pairs with a 95% interval and a two-sided p-value; all
 * three are NaN when undefined ({@code why} says why: fewer than 2 pairs, a constant variable). The
 * interval is Fisher's: {@code tanh(atanh(r) +- 1.959964 / sqrt(n - 3))}, defined for n > 3. The
 * p-value is the t-test's with {@code n - 2} degrees of freedom ({@code df} lower by the number of
 * covariates for a partial correlation), as scipy's pearsonr and spearmanr.
 */
public record CorrelationResult(
    long n, double r, double lower, double upper, double p, String why) {

  public static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

  public static CorrelationResult undefined(long n, String why) {
    return new CorrelationResult(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
  }

  public static CorrelationResult withFisherInterval(double r, long n) {
    return withFisherInterval(r, n, 0);
  }

  /** With {@code covariates} controlled for (a partial correlation): df and se shrink by that. */
  public static CorrelationResult withFisherInterval(double r, long n, int covariates) {
    if (Double.isNaN(r)) {
      return undefined(n, "a constant variable");
    }
    long df = n - 2 - covariates;
    double p = tTestP(r, df);
    double lower = Double.NaN;
    double upper = Double.NaN;
    long m = n - 3 - covariates;
    if (m > 0) {
      if (Math.abs(r) >= 1.0) {
        lower = r;
        upper = r;
      } else {
        double z = atanh(r);
        double se = 1.0 / Math.sqrt(m);
        lower = Math.tanh(z - Z_975 * se);
        upper = Math.tanh(z + Z_975 * se);
      }
    }
    return new CorrelationResult(n, r, lower, upper, p, null);
  }

  /**
   * Two-sided p of H0: rho = 0, from {@code t = r sqrt(df / (1 - r^2))} with df degrees of freedom.
   */
  public static double tTestP(double r, long df) {
    if (df < 1 || Double.isNaN(r)) {
      return Double.NaN;
    }
    if (Math.abs(r) >= 1.0) {
      return 0.0;
    }
    double t = Math.abs(r) * Math.sqrt(df / (1.0 - r * r));
    return 2.0 * new TDistribution(null, df).cumulativeProbability(-t);
  }

  static double atanh(double r) {
    return 0.5 * Math.log((1 + r) / (1 - r));
  }

  public boolean defined() {
    return !Double.isNaN(r);
  }
}
