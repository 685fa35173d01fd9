package org.melep.melep;

/**
 * The pass-2 kernel with one {@code Math.log} per term: the fallback without the Vector API.
 *
 * <p>A term is {@code log(a)} with {@code a = P(t|0) (1 - theta) + P(t|1) theta}. Near 1 (a
 * well-predicted record, the common case) {@code a} itself rounds to an ulp of 1, a relative error
 * of up to 1e-6 in {@code log(a)} when {@code log(a)} is 1e-10; so for {@code a >= 1/2} the term
 * comes from the complement {@code q = 1 - a = P(1-t|0) (1 - theta) + P(1-t|1) theta}, computed on
 * its own (again two non-negative terms): {@code 1 - q = hi + lo} exactly, and {@code log(a) =
 * log(hi) + lo / hi} to an ulp.
 */
public final class ScalarPhiKernel implements PhiKernel {
  static final ScalarPhiKernel INSTANCE = new ScalarPhiKernel();

  private ScalarPhiKernel() {}

  @Override
  public void add(
      double[] sums,
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positives,
      int from,
      int count) {
    final int yn = table.targetLabels();
    final int zn = table.sourceLabels();
    final int end = from + count;
    int next = from;
    for (int y = 0; y < yn; y++) {
      int t = 0;
      if (next < end && positives[next] == y) {
        t = 1;
        next++;
      }
      final double[] aOff = table.givenOff(t);
      final double[] aOn = table.givenOn(t);
      final double[] qOff = table.givenOff(1 - t);
      final double[] qOn = table.givenOn(1 - t);
      final int row = y * zn;
      for (int z = 0; z < zn; z++) {
        int k = row + z;
        double x = theta[offset + z];
        double a = aOff[k] * (1.0 - x) + aOn[k] * x;
        double q = qOff[k] * (1.0 - x) + qOn[k] * x;
        sums[k] += logLikelihood(a, q);
      }
    }
  }

  /** {@code log(a)}, from {@code q = 1 - a} where a is near 1. */
  static double logLikelihood(double a, double q) {
    if (a < 0.5) {
      return Math.log(a);
    }
    double hi = 1.0 - q;
    double lo = (1.0 - hi) - q; // exact: |q| <= 1/2 (Fast2Sum)
    return Math.log(hi) + lo / hi;
  }

  @Override
  public String name() {
    return "scalar";
  }
}
