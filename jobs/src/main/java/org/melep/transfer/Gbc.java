package org.melep.transfer;

import java.util.List;

/**
 * GBC (Pandy et al., CVPR 2022) per target label from {@link FeatureStats}: the label's two classes
 * (positives, negatives) are modelled as Gaussians with their means and diagonal (biased)
 * variances; their Bhattacharyya distance is {@code D_B = 1/8 sum_j (mu1 - mu0)^2 / v + 1/2 sum_j
 * ln(v / sqrt(v1 v0))} with {@code v = (v1 + v0) / 2}; {@code GBC_y = -sum over ordered class pairs
 * of exp(-D_B) = -2 exp(-D_B)} (google-research stable_transfer's sum over c1 != c2). Labels are
 * averaged uniformly. Higher (closer to 0) is better.
 *
 * <p>Features of zero variance within a class (below a relative rounding tolerance) take their
 * limits: constant and equal in both classes, the feature adds nothing; otherwise it separates the
 * classes ({@code D_B = inf}, coefficient 0). The value is kept, with status {@code
 * constant-features: ...}.
 */
public final class Gbc {
  private Gbc() {}

  public static MetricResult finish(FeatureStats s, List<String> labels) {
    MetricResult.requireShape(s, labels, Metric.GBC);
    if (s.features() == 0) {
      throw new IllegalArgumentException("Cannot finish gbc: the state holds no features");
    }
    if (s.n() == 0) {
      return MetricResult.empty(Metric.GBC, MetricResult.UNIFORM);
    }
    org.melep.status.Status.Degenerate missing = MetricResult.missingClass(s, labels, true);
    if (missing != null) {
      return MetricResult.degenerate(Metric.GBC, MetricResult.UNIFORM, missing);
    }
    int d = s.features();
    double n = s.n();
    double[] perLabel = new double[s.targetLabels()];
    long constant = 0;
    for (int y = 0; y < s.targetLabels(); y++) {
      double n1 = s.positives(y);
      double n0 = n - n1;
      double distance = 0;
      for (int j = 0; j < d; j++) {
        double mu1 = s.posSum(y, j) / n1;
        double mu0 = (s.sumF(j) - s.posSum(y, j)) / n0;
        double v1 = variance(s.posSumSq(y, j) / n1, mu1);
        double v0 = variance((s.sumSq(j) - s.posSumSq(y, j)) / n0, mu0);
        if (v1 == 0 || v0 == 0) {
          constant++;
          if (v1 == 0 && v0 == 0 && sameValue(mu1, mu0)) {
            continue;
          }
          distance = Double.POSITIVE_INFINITY;
          continue;
        }
        double v = 0.5 * (v1 + v0);
        double diff = mu1 - mu0;
        distance +=
            0.125 * diff * diff / v + 0.5 * (Math.log(v) - 0.5 * (Math.log(v1) + Math.log(v0)));
      }
      perLabel[y] = -2 * Math.exp(-distance);
    }
    org.melep.status.Status status =
        MetricResult.okWith(
            constant > 0
                ? "constant-features: " + constant + " (label, feature) pairs with a constant class"
                : null);
    return new MetricResult(
        Metric.GBC, MetricResult.UNIFORM, MetricResult.mean(perLabel), perLabel, status);
  }

  /** {@code E[x^2] - mu^2}, 0 when below the rounding error of the difference. */
  private static double variance(double second, double mu) {
    double v = second - mu * mu;
    return v <= 64 * Math.ulp(1.0) * Math.abs(second) ? 0 : v;
  }

  private static boolean sameValue(double a, double b) {
    return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  }
}
