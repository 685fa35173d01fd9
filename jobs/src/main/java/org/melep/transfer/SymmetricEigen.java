package org.melep.transfer;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * The eigen-decomposition {@code A = V diag(values) V^T} of a symmetric positive semi-definite
 * matrix by LAPACK (Spark's {@code dev.ludovic.netlib}), eigenvalues in descending order, those
 * below the numerical rank tolerance set to 0.
 *
 * <p>LAPACK's tridiagonal route, without forming V: {@code dsytrd} reduces {@code A = Q T Q^T}
 * (Householder reflectors kept), {@code dstevr} decomposes {@code T = W diag(values) W^T} (MRRR),
 * and V is only ever applied: {@link #project} is {@code V^T b = W^T (Q^T b)} and {@link #combine}
 * is {@code V c = Q (W c)} ({@code dormtr}, {@code dgemv}). That is {@code dsyevr} without its
 * back-transformation {@code Q W}, the most expensive step: the metrics need a few projections, not
 * D eigenvectors (docs/metrics.md, "Measured").
 */
final class SymmetricEigen {
  /** Eigenvalues, descending, clamped: below {@link #tolerance} they are exactly 0. */
  final double[] values;

  final int rank;
  final double tolerance;

  private final int d;

  /** dsytrd's output: the Householder reflectors of Q (upper triangle, column-major). */
  private final double[] reflectors;

  private final double[] tau;

  /** Eigenvectors of T, column-major, column k for the k-th largest eigenvalue. */
  private final double[] tridiagonalVectors;

  private SymmetricEigen(
      double[] values,
      int rank,
      double tolerance,
      double[] reflectors,
      double[] tau,
      double[] tridiagonalVectors) {
    this.values = values;
    this.rank = rank;
    this.tolerance = tolerance;
    this.d = values.length;
    this.reflectors = reflectors;
    this.tau = tau;
    this.tridiagonalVectors = tridiagonalVectors;
  }

  /** Of a full symmetric matrix given as rows (its upper triangle is read). */
  static SymmetricEigen of(double[][] symmetric) {
    int d = symmetric.length;
    double[] upper = new double[d * d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i <= j; i++) {
        upper[i + j * d] = symmetric[i][j];
      }
    }
    return ofUpper(upper, d);
  }

  /**
   * Of the symmetric matrix whose upper triangle {@code upper} holds, column-major D x D (the
   * layout of {@link FeatureStats#gramArray}; the lower triangle is not read; the array is not
   * changed).
   */
  static SymmetricEigen ofUpper(double[] upper, int d) {
    if (upper.length != d * d) {
      throw new IllegalArgumentException("not " + d + " x " + d + ": " + upper.length + " values");
    }
    if (d == 0) {
      return new SymmetricEigen(new double[0], 0, 0, new double[0], new double[0], new double[0]);
    }
    LAPACK lapack = Lapack.get();
    double[] a = upper.clone();
    double[] diagonal = new double[d];
    double[] offDiagonal = new double[Math.max(1, d - 1)];
    double[] tau = new double[Math.max(1, d - 1)];
    intW info = new intW(0);
    double[] query = new double[1];
    lapack.dsytrd("U", d, a, d, diagonal, offDiagonal, tau, query, -1, info);
    lapack.dsytrd(
        "U",
        d,
        a,
        d,
        diagonal,
        offDiagonal,
        tau,
        new double[workSize(query)],
        workSize(query),
        info);
    requireSuccess("dsytrd", info);
    double[] ascending = new double[d];
    double[] z = new double[d * d];
    tridiagonal(lapack, d, diagonal, offDiagonal, ascending, z);

    double max = Math.max(0, ascending[d - 1]);
    // numpy's matrix_rank tolerance: largest eigenvalue x dimension x machine epsilon
    double tol = max * d * Math.ulp(1.0);
    double[] values = new double[d];
    double[] vectors = new double[d * d];
    int rank = 0;
    for (int k = 0; k < d; k++) {
      double v = ascending[d - 1 - k];
      values[k] = v > tol ? v : 0;
      if (values[k] > 0) {
        rank++;
      }
      System.arraycopy(z, (d - 1 - k) * d, vectors, k * d, d);
    }
    return new SymmetricEigen(values, rank, tol, a, tau, vectors);
  }

  /** T = W diag(w) W^T by dstevr (MRRR); dsteqr (implicit QL/QR) if that reports a failure. */
  private static void tridiagonal(
      LAPACK lapack, int d, double[] diagonal, double[] offDiagonal, double[] w, double[] z) {
    double[] diag = diagonal.clone();
    double[] off = offDiagonal.clone();
    intW info = new intW(0);
    intW found = new intW(0);
    int[] support = new int[2 * d];
    double[] query = new double[1];
    int[] intQuery = new int[1];
    lapack.dstevr(
        "V", "A", d, diag, off, 0, 0, 0, 0, 0, found, w, z, d, support, query, -1, intQuery, -1,
        info);
    lapack.dstevr(
        "V",
        "A",
        d,
        diag,
        off,
        0,
        0,
        0,
        0,
        0,
        found,
        w,
        z,
        d,
        support,
        new double[workSize(query)],
        workSize(query),
        new int[Math.max(1, intQuery[0])],
        Math.max(1, intQuery[0]),
        info);
    if (info.val == 0 && found.val == d) {
      return;
    }
    System.arraycopy(diagonal, 0, w, 0, d);
    off = offDiagonal.clone();
    info.val = 0;
    lapack.dsteqr("I", d, w, off, z, d, new double[Math.max(1, 2 * d - 2)], info);
    requireSuccess("dsteqr", info);
  }

  /** {@code V^T b}: the coordinates of b in the eigenbasis, in the order of {@link #values}. */
  double[] project(double[] b) {
    return project(new double[][] {b})[0];
  }

  /**
   * {@link #project} of each vector, in one pass over the reflectors (LAPACK applies them to all
   * right-hand sides at once, so this is much cheaper than one call per vector).
   */
  double[][] project(double[][] bs) {
    int m = bs.length;
    double[] c = new double[d * m];
    for (int r = 0; r < m; r++) {
      requireLength(bs[r]);
      System.arraycopy(bs[r], 0, c, r * d, d);
    }
    double[][] out = new double[m][d];
    if (d == 0 || m == 0) {
      return out;
    }
    reflect("T", c, m);
    double[] p = new double[d * m];
    BLAS.getInstance().dgemm("T", "N", d, m, d, 1.0, tridiagonalVectors, d, c, d, 0.0, p, d);
    for (int r = 0; r < m; r++) {
      System.arraycopy(p, r * d, out[r], 0, d);
    }
    return out;
  }

  /** {@code V c = sum_k c[k] v_k}, c in the order of {@link #values}. */
  double[] combine(double[] c) {
    requireLength(c);
    double[] out = new double[d];
    if (d == 0) {
      return out;
    }
    BLAS.getInstance().dgemv("N", d, d, 1.0, tridiagonalVectors, d, c, 1, 0.0, out, 1);
    reflect("N", out, 1);
    return out;
  }

  /** {@code X := Q^T X} ("T") or {@code Q X} ("N") for the D x m column-major X. */
  private void reflect(String trans, double[] x, int m) {
    LAPACK lapack = Lapack.get();
    intW info = new intW(0);
    double[] query = new double[1];
    lapack.dormtr("L", "U", trans, d, m, reflectors, d, tau, x, d, query, -1, info);
    lapack.dormtr(
        "L",
        "U",
        trans,
        d,
        m,
        reflectors,
        d,
        tau,
        x,
        d,
        new double[workSize(query)],
        workSize(query),
        info);
    requireSuccess("dormtr", info);
  }

  private void requireLength(double[] b) {
    if (b.length != d) {
      throw new IllegalArgumentException("a vector of " + b.length + " values, not " + d);
    }
  }

  private static int workSize(double[] query) {
    return Math.max(1, (int) query[0]);
  }

  private static void requireSuccess(String routine, intW info) {
    if (info.val != 0) {
      throw new ArithmeticException("LAPACK " + routine + " failed: info " + info.val);
    }
  }
}
