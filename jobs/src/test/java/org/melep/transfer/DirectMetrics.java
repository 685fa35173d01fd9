package org.melep.transfer;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Textbook computations of the metrics on the raw in-memory matrices, written apart from the
 * production code (which works on sufficient statistics): LogME by thuml/LogME's fixed-point
 * algorithm on the SVD of F, H-score as tllib (covariances of f and of E[f|y], trace of a product
 * with an LU inverse), sklearn's Ledoit-Wolf on the centred matrix, NCE from per-record hard
 * labels, GBC from two-pass per-class means and variances.
 */
public final class DirectMetrics {
  private DirectMetrics() {}

  /** thuml/LogME {@code _fit_fixed_point} for one regression target. */
  public static double logMe(double[][] f, double[] y) {
    int n = f.length;
    int d = f[0].length;
    SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(f));
    double[] s = svd.getSingularValues();
    RealMatrix u = svd.getU();
    int k = s.length;
    double[] sigma = new double[k];
    double[] x2 = new double[k];
    double sumX2 = 0;
    for (int j = 0; j < k; j++) {
      sigma[j] = s[j] * s[j];
      double x = 0;
      for (int i = 0; i < n; i++) {
        x += u.getEntry(i, j) * y[i];
      }
      x2[j] = x * x;
      sumX2 += x2[j];
    }
    double yy = 0;
    for (double v : y) {
      yy += v * v;
    }
    double resX2 = yy - sumX2;
    double alpha = 1;
    double beta = 1;
    double evidence = 0;
    for (int it = 0; it < 11; it++) {
      double t = alpha / beta;
      double gamma = 0;
      double m2 = 0;
      double res2 = resX2;
      for (int j = 0; j < k; j++) {
        gamma += sigma[j] / (sigma[j] + t);
        m2 += sigma[j] * x2[j] / Math.pow(t + sigma[j], 2);
        res2 += x2[j] / Math.pow(1 + sigma[j] / t, 2);
      }
      alpha = gamma / (m2 + 1e-5);
      beta = (n - gamma) / (res2 + 1e-5);
      double logs = 0;
      for (int j = 0; j < k; j++) {
        logs += Math.log(alpha + beta * sigma[j]);
      }
      evidence =
          (d / 2.0 * Math.log(alpha)
                  + n / 2.0 * Math.log(beta)
                  - 0.5 * logs
                  - beta / 2.0 * res2
                  - alpha / 2.0 * m2
                  - n / 2.0 * Math.log(2 * Math.PI))
              / n;
      if (Math.abs(alpha / beta - t) / t <= 1e-3) {
        break;
      }
    }
    return evidence;
  }

  /** Biased covariance of the rows of x. */
  public static double[][] covariance(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] c = new double[d][d];
    for (double[] row : x) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          c[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / n;
        }
      }
    }
    return c;
  }

  /** The matrix g of the class means of y per record. */
  public static double[][] classMeans(double[][] f, double[] y) {
    int n = f.length;
    int d = f[0].length;
    double[][] sum = new double[2][d];
    int[] count = new int[2];
    for (int i = 0; i < n; i++) {
      int c = (int) y[i];
      count[c]++;
      for (int j = 0; j < d; j++) {
        sum[c][j] += f[i][j];
      }
    }
    double[][] g = new double[n][d];
    for (int i = 0; i < n; i++) {
      int c = (int) y[i];
      for (int j = 0; j < d; j++) {
        g[i][j] = sum[c][j] / count[c];
      }
    }
    return g;
  }

  public static double traceOfInverseTimes(double[][] a, double[][] b) {
    RealMatrix inv = new LUDecomposition(new Array2DRowRealMatrix(a)).getSolver().getInverse();
    return inv.multiply(new Array2DRowRealMatrix(b)).getTrace();
  }

  /** tllib's h_score. */
  public static double hScore(double[][] f, double[] y) {
    return traceOfInverseTimes(covariance(f), covariance(classMeans(f, y)));
  }

  /** sklearn's ledoit_wolf_shrinkage on the centred matrix. */
  public static double ledoitWolf(double[][] f) {
    int n = f.length;
    int d = f[0].length;
    double[] mean = new double[d];
    for (double[] row : f) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j] / n;
      }
    }
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = f[i][j] - mean[j];
      }
    }
    double[] empCovTrace = new double[d];
    double betaSum = 0;
    double deltaSum = 0;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        double x2x2 = 0;
        double xx = 0;
        for (int i = 0; i < n; i++) {
          x2x2 += x[i][a] * x[i][a] * x[i][b] * x[i][b];
          xx += x[i][a] * x[i][b];
        }
        betaSum += x2x2;
        deltaSum += xx * xx;
      }
      for (int i = 0; i < n; i++) {
        empCovTrace[a] += x[i][a] * x[i][a] / n;
      }
    }
    double traceSum = 0;
    for (double v : empCovTrace) {
      traceSum += v;
    }
    double mu = traceSum / d;
    deltaSum /= (double) n * n;
    double beta = 1.0 / (d * n) * (betaSum / n - deltaSum);
    double delta = (deltaSum - 2 * mu * traceSum + d * mu * mu) / d;
    beta = Math.min(beta, delta);
    return beta == 0 ? 0 : beta / delta;
  }

  /** Ibrahim et al.'s regularised H-score with biased covariances. */
  public static double hScoreShrunk(double[][] f, double[] y) {
    double a = ledoitWolf(f);
    double[][] c = covariance(f);
    int d = c.length;
    double mu = 0;
    for (int j = 0; j < d; j++) {
      mu += c[j][j] / d;
    }
    double[][] shrunk = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        shrunk[i][j] = (1 - a) * c[i][j] + (i == j ? a * mu : 0);
      }
    }
    double[][] between = covariance(classMeans(f, y));
    for (double[] row : between) {
      for (int j = 0; j < d; j++) {
        row[j] *= 1 - a;
      }
    }
    return traceOfInverseTimes(shrunk, between);
  }

  /** Negative conditional entropy of target y given hard source label (theta[z] >= 0.5). */
  public static double nce(boolean[][] t, double[][] theta, int y, int z) {
    int n = t.length;
    double[][] joint = new double[2][2];
    for (int i = 0; i < n; i++) {
      joint[t[i][y] ? 1 : 0][theta[i][z] >= 0.5 ? 1 : 0] += 1.0 / n;
    }
    double out = 0;
    for (int s = 0; s < 2; s++) {
      double ps = joint[0][s] + joint[1][s];
      for (int c = 0; c < 2; c++) {
        if (joint[c][s] > 0) {
          out += joint[c][s] * Math.log(joint[c][s] / ps);
        }
      }
    }
    return out;
  }

  /** -2 x the Bhattacharyya coefficient of the diagonal Gaussians of y's two classes. */
  public static double gbc(double[][] f, double[] y) {
    int d = f[0].length;
    double distance = 0;
    for (int j = 0; j < d; j++) {
      double[] mean = new double[2];
      double[] var = new double[2];
      int[] count = new int[2];
      for (int i = 0; i < f.length; i++) {
        count[(int) y[i]]++;
        mean[(int) y[i]] += f[i][j];
      }
      mean[0] /= count[0];
      mean[1] /= count[1];
      for (int i = 0; i < f.length; i++) {
        int c = (int) y[i];
        var[c] += (f[i][j] - mean[c]) * (f[i][j] - mean[c]) / count[c];
      }
      double v = (var[0] + var[1]) / 2;
      distance +=
          (mean[1] - mean[0]) * (mean[1] - mean[0]) / v / 8
              + 0.5 * Math.log(v / Math.sqrt(var[0] * var[1]));
    }
    return -2 * Math.exp(-distance);
  }
}
