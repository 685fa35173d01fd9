package org.melep.transfer;

import java.util.List;

/**
 * LogME (You et al., ICML 2021 and JMLR 2022; the fixed-point algorithm of thuml/LogME) of one
 * group from its {@link FeatureStats}: each target label is a 0/1 regression target {@code y}; with
 * {@code F^T F = V diag(sigma) V^T} and {@code x2_k = (v_k^T F^T y)^2 / sigma_k} (the squared
 * coordinates of y on the left singular vectors of F), the evidence of the Bayesian linear model is
 * maximised over (alpha, beta) by the fixed point of You et al., and the per-label log evidence per
 * record is averaged over labels (uniformly). Needs n, F^T F, F^T y and y^T y = pos only: no second
 * pass over records. Higher is better.
 */
public final class LogMe {
  private static final double EPSILON = 1e-5;
  private static final int MAX_ITERATIONS = 11;

  private LogMe() {}

  public static MetricResult finish(FeatureStats s, List<String> labels) {
    MetricResult.requireShape(s, labels, Metric.LOGME);
    if (s.n() == 0) {
      return MetricResult.empty(Metric.LOGME, MetricResult.UNIFORM);
    }
    org.melep.status.Status.Degenerate missing = MetricResult.missingClass(s, labels, false);
    if (missing != null) {
      return MetricResult.degenerate(Metric.LOGME, MetricResult.UNIFORM, missing);
    }
    int d = s.features();
    SymmetricEigen eig = SymmetricEigen.ofUpper(s.gramArray(), d);
    // the reference decomposes F itself: min(n, D) singular values
    int k = (int) Math.min(s.n(), d);
    double[] perLabel = new double[s.targetLabels()];
    double[][] fty = new double[s.targetLabels()][d];
    for (int y = 0; y < s.targetLabels(); y++) {
      for (int j = 0; j < d; j++) {
        fty[y][j] = s.posSum(y, j);
      }
    }
    // V^T F^T y of every label at once
    double[][] projected = eig.project(fty);
    for (int y = 0; y < s.targetLabels(); y++) {
      perLabel[y] = evidence(eig.values, k, projected[y], s.positives(y), s.n(), d);
    }
    org.melep.status.Status status =
        MetricResult.okWith(
            eig.rank < d ? "rank-deficient: F^T F has rank " + eig.rank + " of " + d : null);
    return new MetricResult(
        Metric.LOGME, MetricResult.UNIFORM, MetricResult.mean(perLabel), perLabel, status);
  }

  /**
   * Log evidence per record of one target with {@code V^T F^T y = p} (V the eigenvectors of F^T F,
   * {@code values} its eigenvalues, descending) and {@code y^T y = yty}.
   */
  static double evidence(double[] values, int k, double[] p, double yty, long records, int d) {
    double n = records;
    double[] sigma = new double[k];
    double[] x2 = new double[k];
    double sumX2 = 0;
    for (int j = 0; j < k; j++) {
      sigma[j] = values[j];
      x2[j] = sigma[j] > 0 ? p[j] * p[j] / sigma[j] : 0;
      sumX2 += x2[j];
    }
    // the part of y outside the column space of F (0 in exact arithmetic when it lies inside)
    double resX2 = Math.max(0, yty - sumX2);
    double alpha = 1;
    double beta = 1;
    double m2 = 0;
    double res2 = 0;
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double t = alpha / beta;
      double gamma = 0;
      m2 = 0;
      res2 = resX2;
      for (int j = 0; j < k; j++) {
        gamma += sigma[j] / (sigma[j] + t);
        m2 += sigma[j] * x2[j] / ((t + sigma[j]) * (t + sigma[j]));
        double shrink = 1 + sigma[j] / t;
        res2 += x2[j] / (shrink * shrink);
      }
      alpha = gamma / (m2 + EPSILON);
      beta = (n - gamma) / (res2 + EPSILON);
      double tNew = alpha / beta;
      if (Math.abs(tNew - t) / t <= 1e-3) {
        break;
      }
    }
    double logDet = 0;
    for (int j = 0; j < k; j++) {
      logDet += Math.log(alpha + beta * sigma[j]);
    }
    double evidence =
        d / 2.0 * Math.log(alpha)
            + n / 2.0 * Math.log(beta)
            - 0.5 * logDet
            - beta / 2.0 * res2
            - alpha / 2.0 * m2
            - n / 2.0 * Math.log(2 * Math.PI);
    return evidence / n;
  }
}
