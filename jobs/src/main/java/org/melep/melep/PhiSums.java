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
 * <p>The terms go through a {@link PhiKernel}: a vectorised logarithm when the JVM has {@code
 * jdk.incubator.vector}, {@code Math.log} otherwise ({@link PhiKernels#best()}); both agree to
 * 1e-13 relative (tested). Records are held back in groups of {@value #PENDING} (copied: the caller
 * may reuse its arrays) and handed to the kernel together, so the vectorised one takes one
 * logarithm of the product of four arguments per (y, z), with the product's complement computed
 * alongside so that arguments near 1 keep their relative precision. Every read flushes them.
 *
 * <p>Blocked compensated sums, as in {@code JointCounts}: the kernel adds into a block array by
 * plain addition; every {@value #BLOCK} records the block goes into the totals by a Kahan sum. So
 * the rounding of the sums does not grow with n (a plain running sum of n terms loses up to n ulps:
 * 1e-12 relative at n = 20,000 on skewed data, measured), for one Kahan update per {@value #BLOCK}
 * records.
 */
public final class PhiSums implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int targetLabels;
  private final int sourceLabels;
  private long n;

  /** Kahan totals of the flushed blocks; null until the first flush (a small group needs none). */
  private double[] logSums;

  /** Records held back before they go to the kernel together. */
  static final int PENDING = 4;

  // records not yet in logSums: theta rows, positives rows (Y each), their counts; same table and
  // kernel
  private transient double[] pendingTheta;
  private transient int[] pendingPositives;
  private transient int[] pendingCounts;
  private transient int pending;
  private transient ConditionalTable pendingTable;
  private transient PhiKernel pendingKernel;

  /** Records added into the block before it goes into the compensated totals. */
  static final int BLOCK = 64;

  /**
   * Kahan totals ({@code value = logSums - compensation}) of the flushed blocks; null until then.
   */
  private double[] compensation;

  /** Plain sums of the records since the last block flush (the kernel adds here). */
  private double[] block;

  private int inBlock;

  private PhiSums(int y, int z, long n, double[] logSums) {
    this.targetLabels = y;
    this.sourceLabels = z;
    this.n = n;
    this.logSums = logSums;
    this.block = new double[y * z];
  }

  public static PhiSums empty(int targetLabels, int sourceLabels) {
    return new PhiSums(targetLabels, sourceLabels, 0, null);
  }

  /** Rebuilds a state from its parts (the Spark buffer encoder's view); the array is not copied. */
  public static PhiSums of(int targetLabels, int sourceLabels, long n, double[] logSums) {
    if (logSums.length != targetLabels * sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot rebuild phi sums: "
              + logSums.length
              + " sums for Y="
              + targetLabels
              + ", Z="
              + sourceLabels);
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
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positiveLabels,
      int from,
      int positiveCount) {
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
          "Cannot add to phi sums of Y="
              + targetLabels
              + ", Z="
              + sourceLabels
              + " with a table of Y="
              + table.targetLabels()
              + ", Z="
              + table.sourceLabels());
    }
    if (pending > 0 && (table != pendingTable || kernel != pendingKernel)) {
      flushPending();
    }
    if (kernel.batch(table) == 1) { // nothing to gain from holding records back
      kernel.add(block, table, theta, offset, positiveLabels, from, positiveCount);
      n++;
      if (++inBlock >= BLOCK) {
        flushBlock();
      }
      return;
    }
    if (pendingTheta == null) {
      pendingTheta = new double[PENDING * sourceLabels];
      pendingPositives = new int[PENDING * targetLabels];
      pendingCounts = new int[PENDING];
    }
    if (positiveCount > targetLabels) {
      throw new IllegalArgumentException(
          "Cannot add a record with "
              + positiveCount
              + " positives to phi sums of Y="
              + targetLabels);
    }
    System.arraycopy(theta, offset, pendingTheta, pending * sourceLabels, sourceLabels);
    System.arraycopy(positiveLabels, from, pendingPositives, pending * targetLabels, positiveCount);
    pendingCounts[pending] = positiveCount;
    pendingTable = table;
    pendingKernel = kernel;
    n++;
    if (++pending == PENDING) {
      flushPending();
    }
  }

  /**
   * Hands the held-back records to their kernel (into the block), and the block to the totals when
   * full.
   */
  private void flushPending() {
    if (pending > 0) {
      pendingKernel.addRecords(
          block, pendingTable, pendingTheta, pendingPositives, pendingCounts, pending);
      inBlock += pending;
      pending = 0;
      pendingTable = null;
      pendingKernel = null;
      if (inBlock >= BLOCK) {
        flushBlock();
      }
    }
  }

  /** Adds the block into the totals by a Kahan sum and clears it. */
  private void flushBlock() {
    if (compensation == null) {
      compensation = new double[block.length];
      if (logSums == null) {
        logSums = new double[block.length];
      }
    }
    final double[] sum = logSums;
    final double[] comp = compensation;
    final double[] b = block;
    for (int k = 0; k < b.length; k++) {
      double v = b[k] - comp[k];
      double t = sum[k] + v;
      if (Double.isFinite(t)) {
        comp[k] = (t - sum[k]) - v;
        sum[k] = t;
      } else { // a logarithm of 0 stays -Infinity (MelepCalculator reports it), not NaN
        sum[k] = sum[k] + b[k];
        comp[k] = 0.0;
      }
      b[k] = 0.0;
    }
    inBlock = 0;
  }

  /** Everything into the totals: pending records and the block. */
  private void flush() {
    flushPending();
    if (inBlock > 0 || compensation == null) {
      flushBlock();
    }
  }

  /** The value of cell k: totals, compensation folded in. */
  private double value(int k) {
    return logSums[k] - compensation[k];
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    flush();
    out.defaultWriteObject();
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
    flush();
    other.flush();
    n += other.n;
    for (int k = 0; k < logSums.length; k++) {
      // two-sum of the two compensated totals
      double a = logSums[k];
      double b = other.logSums[k];
      double t = a + b;
      double bb = t - a;
      double err = (a - (t - bb)) + (b - bb);
      logSums[k] = t;
      compensation[k] = Double.isFinite(t) ? compensation[k] + other.compensation[k] - err : 0.0;
    }
    return this;
  }

  public PhiSums copy() {
    flush();
    PhiSums c = new PhiSums(targetLabels, sourceLabels, n, logSums.clone());
    c.compensation = compensation.clone();
    return c;
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
    flush();
    return value(y * sourceLabels + z);
  }

  /** The sums, compensation folded in (a new array; the Spark buffer's view, for {@link #of}). */
  public double[] logSumsArray() {
    flush();
    double[] out = new double[block.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = value(k);
    }
    return out;
  }
}
