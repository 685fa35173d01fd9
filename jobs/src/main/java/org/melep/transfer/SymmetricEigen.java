package org.melep.transfer;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The eigen-decomposition of a symmetric positive semi-definite matrix (commons-math3), eigenvalues
 * in descending order, those below the numerical rank tolerance set to 0.
 */
final class SymmetricEigen {
  /** Eigenvalues, descending, clamped: below {@link #tolerance} they are exactly 0. */
  final double[] values;

  /** {@code vectors[k]} is the unit eigenvector of {@code values[k]}. */
  final double[][] vectors;

  final int rank;
  final double tolerance;

  private SymmetricEigen(double[] values, double[][] vectors, int rank, double tolerance) {
    this.values = values;
    this.vectors = vectors;
    this.rank = rank;
    this.tolerance = tolerance;
  }

  static SymmetricEigen of(double[][] symmetric) {
    int d = symmetric.length;
    RealMatrix m = new Array2DRowRealMatrix(symmetric, false);
    EigenDecomposition e = new EigenDecomposition(m);
    double[] raw = e.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int k = 0; k < d; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[b], raw[a]));
    double max = d == 0 ? 0 : Math.max(0, raw[order[0]]);
    // numpy's matrix_rank tolerance: largest eigenvalue x dimension x machine epsilon
    double tol = max * d * Math.ulp(1.0);
    double[] values = new double[d];
    double[][] vectors = new double[d][];
    int rank = 0;
    for (int k = 0; k < d; k++) {
      double v = raw[order[k]];
      values[k] = v > tol ? v : 0;
      if (values[k] > 0) {
        rank++;
      }
      vectors[k] = e.getEigenvector(order[k]).toArray();
    }
    return new SymmetricEigen(values, vectors, rank, tol);
  }

  /** {@code V^T b}: the coordinates of b in the eigenbasis. */
  double[] project(double[] b) {
    double[] p = new double[values.length];
    for (int k = 0; k < values.length; k++) {
      double acc = 0;
      double[] v = vectors[k];
      for (int j = 0; j < b.length; j++) {
        acc += v[j] * b[j];
      }
      p[k] = acc;
    }
    return p;
  }
}
