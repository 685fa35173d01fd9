package org.melep.transfer;

import java.util.List;

/**
 * NCE (Tran et al., ICCV 2019), multi-label: every source output z is thresholded at 0.5 into a
 * binary source label {@code s}, and for every pair (target label y, source label z) {@code NCE(y,
 * z) = sum_{t,s} P(t, s) log P(t | s)} over the 2x2 empirical joint table of (t_y, s_z) (0 log 0 =
 * 0), minus the conditional entropy of y given z. As MELEP: {@code m_y = mean_z NCE(y, z)}, then
 * the labels are weighted by their positive fraction ({@code code} weighting, MELEP's default).
 * Needs the joint counts only, no features. Higher (closer to 0) is better.
 */
public final class Nce {
  private Nce() {}

  public static MetricResult finish(FeatureStats s, List<String> labels) {
    MetricResult.requireShape(s, labels, Metric.NCE);
    if (s.sourceLabels() == 0) {
      throw new IllegalArgumentException("Cannot finish nce: the state holds no source outputs");
    }
    if (s.n() == 0) {
      return MetricResult.empty(Metric.NCE, MetricResult.CODE);
    }
    org.melep.status.Status.Degenerate missing = MetricResult.missingClass(s, labels, false);
    if (missing != null) {
      return MetricResult.degenerate(Metric.NCE, MetricResult.CODE, missing);
    }
    double n = s.n();
    int zn = s.sourceLabels();
    double[] perLabel = new double[s.targetLabels()];
    double weighted = 0;
    double weights = 0;
    for (int y = 0; y < s.targetLabels(); y++) {
      double pos = s.positives(y);
      double acc = 0;
      for (int z = 0; z < zn; z++) {
        double c11 = s.both(y, z);
        double ones = s.ones(z);
        double c10 = pos - c11;
        double c01 = ones - c11;
        double c00 = n - pos - c01;
        acc +=
            term(c11, ones, n)
                + term(c01, ones, n)
                + term(c10, n - ones, n)
                + term(c00, n - ones, n);
      }
      perLabel[y] = acc / zn;
      double w = pos / n;
      weighted += w * perLabel[y];
      weights += w;
    }
    return new MetricResult(
        Metric.NCE, MetricResult.CODE, weighted / weights, perLabel, org.melep.status.Status.ok());
  }

  /** {@code P(t, s) log P(t | s)} from the count of (t, s), the count of s and n. */
  private static double term(double joint, double marginal, double n) {
    return joint == 0 ? 0 : joint / n * Math.log(joint / marginal);
  }
}
