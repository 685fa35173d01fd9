package org.melep.report.stats;

/**
 * The correlation of x and y given a covariate z: {@code (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 -
 * r_yz^2))}, the correlation of the residuals of x and y after a linear fit on z. Its interval and
 * p-value use one degree of freedom less.
 */
public final class PartialCorrelation {
  private PartialCorrelation() {}

  public static CorrelationResult of(double[] x, double[] y, double[] z) {
    Checks.sameLength(x, y);
    Checks.sameLength(x, z);
    long n = x.length;
    if (n < 4) {
      return CorrelationResult.undefined(n, "fewer than 4 triples");
    }
    CorrelationResult xy = PearsonMoments.of(x, y).finish();
    CorrelationResult xz = PearsonMoments.of(x, z).finish();
    CorrelationResult yz = PearsonMoments.of(y, z).finish();
    if (!xy.defined() || !xz.defined() || !yz.defined()) {
      return CorrelationResult.undefined(n, "a constant variable");
    }
    double den = (1 - xz.r() * xz.r()) * (1 - yz.r() * yz.r());
    if (!(den > 1e-24)) {
      return CorrelationResult.undefined(n, "x or y is a linear function of the covariate");
    }
    double r = (xy.r() - xz.r() * yz.r()) / Math.sqrt(den);
    return CorrelationResult.withFisherInterval(Math.max(-1.0, Math.min(1.0, r)), n, 1);
  }
}
