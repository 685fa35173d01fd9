package org.melep.bench;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.netlib.util.intW;

/**
 * CPU time of the symmetric eigen-decomposition (values and vectors) of a D x D positive definite
 * matrix {@code G = F^T F} (F: n x D Gaussian, as a LogME group's Gram matrix), by each candidate
 * library, interleaved in one JVM (round r runs every candidate once), best of N rounds per
 * candidate, one thread: commons-math3 {@code EigenDecomposition} (Spark ships it), EJML's
 * symmetric QR algorithm ({@code DecompositionFactory_DDRM.eig}), and LAPACK {@code dsyevd} /
 * {@code dsyevr} through Spark's {@code dev.ludovic.netlib} (whichever implementation it loads: the
 * F2J Java translation unless a native LAPACK is installed). Each result's accuracy: the largest
 * {@code |G v - lambda v|} relative to the largest eigenvalue, {@code |V^T V - I|}, and the largest
 * eigenvalue difference from commons-math3 relative to the largest eigenvalue.
 *
 * <pre>scripts/benchmark Eigen [D n rounds] (default 512 1000 7)</pre>
 */
public final class EigenBenchmark {
  private EigenBenchmark() {}

  /** Eigenvalues ascending and vectors as columns of a column-major D x D array. */
  record Result(double[] values, double[] vectors) {}

  interface Candidate {
    String name();

    Result decompose(double[][] g);
  }

  public static void main(String[] args) {
    int d = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    double[][] g = gram(d, n, new Random(7));
    LAPACK lapack = LAPACK.getInstance();
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Named("commons-math3 EigenDecomposition", EigenBenchmark::commonsMath));
    candidates.add(new Named("EJML 0.46.1 eig (symmetric QR)", EigenBenchmark::ejml));
    candidates.add(
        new Named(
            "netlib " + lapack.getClass().getSimpleName() + " dsyevd", m -> dsyevd(lapack, m)));
    candidates.add(
        new Named(
            "netlib " + lapack.getClass().getSimpleName() + " dsyevr", m -> dsyevr(lapack, m)));
    candidates.add(
        new Named("netlib dsytrd+dstevr, no back-transform", m -> tridiagonal(lapack, m, 10)));
    System.out.printf(
        Locale.ROOT,
        "D = %d, G = F^T F with F %d x %d Gaussian; %d rounds, interleaved; load %s%n",
        d,
        n,
        d,
        rounds,
        LoadAverage.now());
    double[] best = new double[candidates.size()];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    Result[] results = new Result[candidates.size()];
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < candidates.size(); c++) {
        Blackhole.untimed = 0;
        long t0 = CpuClock.thread();
        results[c] = candidates.get(c).decompose(g);
        best[c] = Math.min(best[c], (CpuClock.thread() - t0 - Blackhole.untimed) / 1e9);
      }
    }
    double[] reference = results[0].values();
    double max = reference[d - 1];
    for (int c = 0; c < candidates.size(); c++) {
      Result res = results[c];
      double valueDiff = 0;
      for (int k = 0; k < d; k++) {
        valueDiff = Math.max(valueDiff, Math.abs(res.values()[k] - reference[k]));
      }
      System.out.printf(
          Locale.ROOT,
          "%-38s best %7.3f s CPU  (%.2fx commons-math3)  residual %.1e  orthogonality %.1e  values vs"
              + " commons-math3 %.1e%n",
          candidates.get(c).name(),
          best[c],
          best[0] / best[c],
          residual(g, res) / max,
          orthogonality(res),
          valueDiff / max);
    }
    System.out.printf(Locale.ROOT, "load %s%n", LoadAverage.now());
  }

  record Named(String name, java.util.function.Function<double[][], Result> f)
      implements Candidate {
    @Override
    public Result decompose(double[][] g) {
      return f.apply(g);
    }
  }

  static double[][] gram(int d, int n, Random r) {
    double[][] f = new double[n][d];
    for (double[] row : f) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[][] g = new double[d][d];
    for (double[] row : f) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          g[i][j] += row[i] * row[j];
        }
      }
    }
    return g;
  }

  static Result commonsMath(double[][] g) {
    int d = g.length;
    org.apache.commons.math3.linear.EigenDecomposition e =
        new org.apache.commons.math3.linear.EigenDecomposition(
            new org.apache.commons.math3.linear.Array2DRowRealMatrix(g, true));
    double[] raw = e.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int k = 0; k < d; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
    double[] values = new double[d];
    double[] vectors = new double[d * d];
    for (int k = 0; k < d; k++) {
      values[k] = raw[order[k]];
      double[] v = e.getEigenvector(order[k]).toArray();
      System.arraycopy(v, 0, vectors, k * d, d);
    }
    return new Result(values, vectors);
  }

  static Result ejml(double[][] g) {
    int d = g.length;
    org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(g);
    org.ejml.interfaces.decomposition.EigenDecomposition_F64<org.ejml.data.DMatrixRMaj> e =
        org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(d, true, true);
    if (!e.decompose(m)) {
      throw new IllegalStateException("EJML eig failed");
    }
    Integer[] order = new Integer[d];
    double[] raw = new double[d];
    for (int k = 0; k < d; k++) {
      order[k] = k;
      raw[k] = e.getEigenvalue(k).getReal();
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
    double[] values = new double[d];
    double[] vectors = new double[d * d];
    for (int k = 0; k < d; k++) {
      values[k] = raw[order[k]];
      System.arraycopy(e.getEigenVector(order[k]).data, 0, vectors, k * d, d);
    }
    return new Result(values, vectors);
  }

  static double[] columnMajor(double[][] g) {
    int d = g.length;
    double[] a = new double[d * d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < d; i++) {
        a[j * d + i] = g[i][j];
      }
    }
    return a;
  }

  static Result dsyevd(LAPACK lapack, double[][] g) {
    int d = g.length;
    double[] a = columnMajor(g);
    double[] w = new double[d];
    double[] work = new double[1];
    int[] iwork = new int[1];
    intW info = new intW(0);
    lapack.dsyevd("V", "U", d, a, d, w, work, -1, iwork, -1, info);
    work = new double[(int) work[0]];
    iwork = new int[iwork[0]];
    lapack.dsyevd("V", "U", d, a, d, w, work, work.length, iwork, iwork.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("dsyevd info " + info.val);
    }
    return new Result(w, a);
  }

  static Result dsyevr(LAPACK lapack, double[][] g) {
    int d = g.length;
    double[] a = columnMajor(g);
    double[] w = new double[d];
    double[] z = new double[d * d];
    int[] isuppz = new int[2 * d];
    double[] work = new double[1];
    int[] iwork = new int[1];
    intW m = new intW(0);
    intW info = new intW(0);
    lapack.dsyevr(
        "V", "A", "U", d, a, d, 0, 0, 0, 0, 0, m, w, z, d, isuppz, work, -1, iwork, -1, info);
    work = new double[(int) work[0]];
    iwork = new int[iwork[0]];
    lapack.dsyevr(
        "V",
        "A",
        "U",
        d,
        a,
        d,
        0,
        0,
        0,
        0,
        0,
        m,
        w,
        z,
        d,
        isuppz,
        work,
        work.length,
        iwork,
        iwork.length,
        info);
    if (info.val != 0) {
      throw new IllegalStateException("dsyevr info " + info.val);
    }
    return new Result(w, z);
  }

  /**
   * LAPACK's tridiagonal route without forming the eigenvectors of G: {@code dsytrd} (G = Q T Q^T),
   * {@code dstevr} (T = W diag(w) W^T, MRRR), and the projections {@code V^T B = W^T (Q^T B)} of
   * {@code rhs} right-hand sides ({@code dormtr}, {@code dgemm}), which is all LogME needs. The
   * vectors V = Q W are formed for the accuracy checks only, after the clock stops.
   */
  static Result tridiagonal(LAPACK lapack, double[][] g, int rhs) {
    int d = g.length;
    double[] a = columnMajor(g);
    double[] diag = new double[d];
    double[] off = new double[Math.max(1, d - 1)];
    double[] tau = new double[Math.max(1, d - 1)];
    double[] query = new double[1];
    intW info = new intW(0);
    lapack.dsytrd("U", d, a, d, diag, off, tau, query, -1, info);
    double[] work = new double[(int) query[0]];
    lapack.dsytrd("U", d, a, d, diag, off, tau, work, work.length, info);
    check("dsytrd", info);
    double[] w = new double[d];
    double[] z = new double[d * d];
    int[] isuppz = new int[2 * d];
    int[] iquery = new int[1];
    intW m = new intW(0);
    lapack.dstevr(
        "V", "A", d, diag, off, 0, 0, 0, 0, 0, m, w, z, d, isuppz, query, -1, iquery, -1, info);
    double[] work2 = new double[(int) query[0]];
    int[] iwork = new int[iquery[0]];
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
        m,
        w,
        z,
        d,
        isuppz,
        work2,
        work2.length,
        iwork,
        iwork.length,
        info);
    check("dstevr", info);
    double[] b = new double[d * rhs];
    for (int i = 0; i < b.length; i++) {
      b[i] = (i % 7) - 3;
    }
    lapack.dormtr("L", "U", "T", d, rhs, a, d, tau, b, d, query, -1, info);
    double[] work3 = new double[(int) query[0]];
    lapack.dormtr("L", "U", "T", d, rhs, a, d, tau, b, d, work3, work3.length, info);
    check("dormtr", info);
    double[] p = new double[d * rhs];
    dev.ludovic.netlib.blas.BLAS.getInstance().dgemm("T", "N", d, rhs, d, 1, z, d, b, d, 0, p, d);
    Blackhole.sink += p[0];
    long stop = CpuClock.thread();
    lapack.dormtr("L", "U", "N", d, d, a, d, tau, z, d, query, -1, info);
    double[] work4 = new double[(int) query[0]];
    lapack.dormtr("L", "U", "N", d, d, a, d, tau, z, d, work4, work4.length, info);
    check("dormtr", info);
    Blackhole.untimed += CpuClock.thread() - stop;
    return new Result(w, z);
  }

  static final class Blackhole {
    static double sink;
    static long untimed;
  }

  static void check(String routine, intW info) {
    if (info.val != 0) {
      throw new IllegalStateException(routine + " info " + info.val);
    }
  }

  static double residual(double[][] g, Result r) {
    int d = g.length;
    double worst = 0;
    for (int k = 0; k < d; k++) {
      for (int i = 0; i < d; i++) {
        double acc = 0;
        for (int j = 0; j < d; j++) {
          acc += g[i][j] * r.vectors()[k * d + j];
        }
        worst = Math.max(worst, Math.abs(acc - r.values()[k] * r.vectors()[k * d + i]));
      }
    }
    return worst;
  }

  static double orthogonality(Result r) {
    int d = r.values().length;
    double[] v = r.vectors();
    double worst = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        double acc = 0;
        for (int i = 0; i < d; i++) {
          acc += v[a * d + i] * v[b * d + i];
        }
        worst = Math.max(worst, Math.abs(acc - (a == b ? 1 : 0)));
      }
    }
    return worst;
  }
}
