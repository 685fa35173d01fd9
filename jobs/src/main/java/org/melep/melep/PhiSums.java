package org.melep.melep;

import java.io.Serializable;

/**
 * Pass-2 state of MELEP for one group: for every (target label y, source label z) the sum over
 * records of {@code log(P(t_iy | 0) * (1 - theta_iz) + P(t_iy | 1) * theta_iz)}, and the record
 * count. One logarithm per (record, y, z); mergeable by addition like {@code JointCounts}.
 *
 * <p>The argument of the logarithm is at least {@code 1/(2n)} in exact arithmetic (see {@code
 * docs/melep.md}), so it cannot round to 0; if it ever did, the sum becomes {@code -Infinity} and
 * {@link MelepCalculator} reports it instead of letting it reach an output.
 *
 * <p>One logarithm per term, on purpose: multiplying blocks of arguments and taking one logarithm
 * per block is several times faster, but loses the relative precision of {@code log(a)} for
 * arguments near 1 (well-predicted records, the common case), measurably beyond 1e-12. The terms
 * go through a {@link PhiKernel}: a vectorised logarithm when the JVM has {@code jdk.incubator.vector},
 * {@code Math.log} otherwise ({@link PhiKernels#best()}); both agree to 1e-13 relative (tested).
 */
public final class PhiSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int targetLabels;
  private final int sourceLabels;
  private long n;
  private final double[] logSums;

  private PhiSums(int y, int z, long n, double[] logSums) {
    this.targetLabels = y;
    this.sourceLabels = z;
    this.n = n;
    this.logSums = logSums;
  }

  public static PhiSums empty(int targetLabels, int sourceLabels) {
    return new PhiSums(targetLabels, sourceLabels, 0, new double[targetLabels * sourceLabels]);
  }

  /** Rebuilds a state from its parts (the Spark buffer encoder's view); the array is not copied. */
  public static PhiSums of(int targetLabels, int sourceLabels, long n, double[] logSums) {
    if (logSums.length != targetLabels * sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot rebuild phi sums: " + logSums.length + " sums for Y=" + targetLabels + ", Z=" + sourceLabels);
    }
    return new PhiSums(targetLabels, sourceLabels, n, logSums);
  }

  /**
   * Adds one record: {@code theta[offset .. offset+Z)} and its positive target labels {@code
   * positiveLabels[0 .. positiveCount)}, sorted ascending.
   */
  public void add(
      ConditionalTable table, double[] theta, int offset, int[] positiveLabels, int positiveCount) {
    add(table, theta, offset, positiveLabels, 0, positiveCount);
  }

  /** As {@link #add(ConditionalTable, double[], int, int[], int)}, positives from {@code from}. */
  public void add(
      ConditionalTable table, double[] theta, int offset, int[] positiveLabels, int from, int positiveCount) {
    add(PhiKernels.best(), table, theta, offset, positiveLabels, from, positiveCount);
  }

  /** As {@link #add(ConditionalTable, double[], int, int[], int, int)} with a chosen kernel. */
  public void add(
      PhiKernel kernel,
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positiveLabels,
      int from,
      int positiveCount) {
    if (table.targetLabels() != targetLabels || table.sourceLabels() != sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot add to phi sums of Y=" + targetLabels + ", Z=" + sourceLabels + " with a table of Y="
              + table.targetLabels() + ", Z=" + table.sourceLabels());
    }
    kernel.add(logSums, table, theta, offset, positiveLabels, from, positiveCount);
    n++;
  }

  public PhiSums merge(PhiSums other) {
    if (other.targetLabels != targetLabels || other.sourceLabels != sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot merge phi sums of different shapes: Y="
              + targetLabels
              + ", Z="
              + sourceLabels
              + " and Y="
              + other.targetLabels
              + ", Z="
              + other.sourceLabels);
    }
    n += other.n;
    for (int k = 0; k < logSums.length; k++) {
      logSums[k] += other.logSums[k];
    }
    return this;
  }

  public PhiSums copy() {
    return new PhiSums(targetLabels, sourceLabels, n, logSums.clone());
  }

  public int targetLabels() {
    return targetLabels;
  }

  public int sourceLabels() {
    return sourceLabels;
  }

  public long n() {
    return n;
  }

  /** {@code sum_i log(EP likelihood)} for (y, z); {@code phi(y,z) = -logSum / n}. */
  public double logSum(int y, int z) {
    return logSums[y * sourceLabels + z];
  }

  public double[] logSumsArray() {
    return logSums;
  }
}
