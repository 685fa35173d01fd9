package org.melep.transfer;

import java.util.List;
import org.netlib.util.intW;

/**
 * H-score (Bao et al., ICIP 2019) per target label from {@link FeatureStats}: {@code H_y =
 * tr(cov(f)^-1 cov(E[f | y]))}, which for a binary label is {@code p1 p0 d^T cov(f)^-1 d} with
 * {@code d = mu1 - mu0} the difference of the class means and {@code cov(f) = F^T F / n - mu mu^T}
 * (biased covariances; tllib's n-1 denominators cancel). A singular covariance (constant or
 * collinear features) is inverted by its pseudo-inverse (eigenvalues below {@code max x D x eps}
 * dropped) with status {@code rank-deficient}. The shrunk variant (Ibrahim et al., "Newer is not
 * always better", 2022) uses the Ledoit-Wolf covariance {@code (1 - a) cov + a (tr cov / D) I} with
 * the Ledoit-Wolf intensity {@code a} (sklearn's formula, from {@code sum |f - mu|^4} expanded over
 * the state) and scales the between-class covariance by {@code 1 - a}. Labels are averaged
 * uniformly. Higher is better.
 */
public final class HScore {
  private HScore() {}

  public static MetricResult finish(FeatureStats s, List<String> labels, boolean shrinkage) {
    Metric metric = shrinkage ? Metric.HSCORE_LW : Metric.HSCORE;
    MetricResult.requireShape(s, labels, metric);
    if (s.n() == 0) {
      return MetricResult.empty(metric, MetricResult.UNIFORM);
    }
    org.melep.status.Status.Degenerate missing = MetricResult.missingClass(s, labels, true);
    if (missing != null) {
      return MetricResult.degenerate(metric, MetricResult.UNIFORM, missing);
    }
    int d = s.features();
    double n = s.n();
    double[] mu = new double[d];
    for (int j = 0; j < d; j++) {
      mu[j] = s.sumF(j) / n;
    }
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double c = s.gram(i, j) / n - mu[i] * mu[j];
        cov[i][j] = c;
        cov[j][i] = c;
      }
    }
    double between = 1;
    if (shrinkage) {
      double a = ledoitWolfShrinkage(s, mu, cov);
      double target = 0;
      for (int j = 0; j < d; j++) {
        target += cov[j][j];
      }
      target /= d;
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] *= 1 - a;
        }
        cov[i][i] += a * target;
      }
      between = 1 - a;
    }
    Inverse inverse = Inverse.of(cov);
    double[] perLabel = new double[s.targetLabels()];
    double[] diff = new double[d];
    for (int y = 0; y < s.targetLabels(); y++) {
      double n1 = s.positives(y);
      double n0 = n - n1;
      for (int j = 0; j < d; j++) {
        diff[j] = s.posSum(y, j) / n1 - (s.sumF(j) - s.posSum(y, j)) / n0;
      }
      double[] w = inverse.apply(diff);
      double q = 0;
      for (int j = 0; j < d; j++) {
        q += diff[j] * w[j];
      }
      perLabel[y] = between * (n1 / n) * (n0 / n) * q;
    }
    org.melep.status.Status status =
        MetricResult.okWith(
            inverse.rank < d
                ? "rank-deficient: cov(f) has rank " + inverse.rank + " of " + d
                : null);
    return new MetricResult(
        metric, MetricResult.UNIFORM, MetricResult.mean(perLabel), perLabel, status);
  }

  /**
   * sklearn's {@code ledoit_wolf_shrinkage} (not assuming centred data) from the state: {@code
   * beta_ = sum |f - mu|^4} is expanded into {@code sum |f|^4}, {@code sum |f|^2 f}, F^T F and sum
   * f.
   */
  static double ledoitWolfShrinkage(FeatureStats s, double[] mu, double[][] cov) {
    int d = s.features();
    double n = s.n();
    double mu2 = 0;
    double muR = 0;
    double muS = 0;
    double traceG = 0;
    for (int j = 0; j < d; j++) {
      mu2 += mu[j] * mu[j];
      muR += mu[j] * s.normWeighted(j);
      muS += mu[j] * s.sumF(j);
      traceG += s.gram(j, j);
    }
    double muGmu = 0;
    for (int i = 0; i < d; i++) {
      double acc = 0;
      for (int j = 0; j < d; j++) {
        acc += s.gram(i, j) * mu[j];
      }
      muGmu += mu[i] * acc;
    }
    // sum_i (a_i - 2 b_i + c)^2 with a = |f|^2, b = f.mu, c = |mu|^2
    double fourth =
        s.quartic() + 4 * muGmu + n * mu2 * mu2 - 4 * muR + 2 * mu2 * traceG - 4 * mu2 * muS;
    fourth = Math.max(0, fourth);
    double trace = 0;
    double frob = 0;
    for (int i = 0; i < d; i++) {
      trace += cov[i][i];
      for (int j = 0; j < d; j++) {
        frob += cov[i][j] * cov[i][j];
      }
    }
    double m = trace / d;
    double beta = (fourth / n - frob) / (d * n);
    double delta = (frob - 2 * m * trace + d * m * m) / d;
    beta = Math.min(beta, delta);
    return beta <= 0 || delta <= 0 ? 0 : beta / delta;
  }

  /**
   * cov^-1 by Cholesky (LAPACK {@code dpotrf}, {@code dpotrs}), or its pseudo-inverse by
   * eigen-decomposition when a pivot is not above the rounding tolerance {@code max diag x D x eps}
   * (not positive definite).
   */
  private static final class Inverse {
    private final double[] cholesky;
    private final SymmetricEigen eigen;
    final int rank;

    private Inverse(double[] cholesky, SymmetricEigen eigen, int rank) {
      this.cholesky = cholesky;
      this.eigen = eigen;
      this.rank = rank;
    }

    static Inverse of(double[][] cov) {
      int d = cov.length;
      double maxDiag = 0;
      double[] upper = new double[d * d];
      for (int j = 0; j < d; j++) {
        maxDiag = Math.max(maxDiag, cov[j][j]);
        for (int i = 0; i <= j; i++) {
          upper[i + j * d] = cov[i][j];
        }
      }
      double threshold = Math.max(Double.MIN_NORMAL, maxDiag * d * Math.ulp(1.0));
      double[] factor = upper.clone();
      intW info = new intW(0);
      Lapack.get().dpotrf("U", d, factor, Math.max(1, d), info);
      boolean definite = info.val == 0;
      for (int j = 0; definite && j < d; j++) {
        // the pivot of column j is the square of the factor's diagonal
        double r = factor[j + j * d];
        definite = r * r > threshold;
      }
      if (definite) {
        return new Inverse(factor, null, d);
      }
      SymmetricEigen eig = SymmetricEigen.ofUpper(upper, d);
      return new Inverse(null, eig, eig.rank);
    }

    double[] apply(double[] b) {
      if (cholesky != null) {
        int d = b.length;
        double[] x = b.clone();
        intW info = new intW(0);
        Lapack.get().dpotrs("U", d, 1, cholesky, Math.max(1, d), x, Math.max(1, d), info);
        if (info.val != 0) {
          throw new ArithmeticException("LAPACK dpotrs failed: info " + info.val);
        }
        return x;
      }
      double[] p = eigen.project(b);
      for (int k = 0; k < p.length; k++) {
        p[k] = eigen.values[k] > 0 ? p[k] / eigen.values[k] : 0;
      }
      return eigen.combine(p);
    }
  }
}
