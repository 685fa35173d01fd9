package org.melep.transfer;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The sufficient statistics of LogME, H-score (plain and shrunk), NCE and GBC for one group (fold,
 * checkpoint), over its {@code n} records with features {@code f} (D values), target labels {@code
 * t} (Y binary values) and source outputs {@code theta} (Z probabilities):
 *
 * <ul>
 *   <li>{@code n}, {@code pos[y]}, {@code sumF = sum f}, {@code sumSq = sum f*f} (per feature);
 *   <li>{@code posSum[y] = sum over positives of y of f} (a column of F^T T) and {@code
 *       posSumSq[y]} (the same of f*f): GBC's per-class means and diagonal variances, H-score's
 *       class means;
 *   <li>{@code gram = F^T F} (upper triangle, column-major D x D), {@code quartic = sum |f|^4} and
 *       {@code normWeighted = sum |f|^2 f}: LogME, H-score and the Ledoit-Wolf shrinkage; only when
 *       built {@code withGram};
 *   <li>{@code ones[z]} = records with {@code theta[z] >= 0.5} and {@code both[y][z]} = positives
 *       of {@code y} among them: NCE's 2x2 joint counts.
 * </ul>
 *
 * <p>The Gram matrix is accumulated by rank-k updates over blocks of {@value #BLOCK_ROWS} rows,
 * never one outer product per record: {@code dsyrk}, or {@code dgemm} of the block with itself when
 * netlib runs its pure-Java Vector API BLAS (whose {@code dgemm} is vectorised and its {@code
 * dsyrk} is not: about 3x faster at D = 512 for twice the arithmetic; docs/metrics.md). A mutable
 * accumulator; {@link #merge} is associative and commutative (up to rounding) and {@link #empty} is
 * its identity. No Spark.
 */
public final class FeatureStats implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Rows buffered before one rank-k update of the Gram matrix. */
  public static final int BLOCK_ROWS = 128;

  /** netlib's Java Vector API BLAS, whose vectorised dgemm beats its dsyrk. */
  private static final boolean GEMM_FOR_SYRK =
      BLAS.getInstance().getClass().getSimpleName().equals("VectorBLAS");

  private final int features;
  private final int targetLabels;
  private final int sourceLabels;
  private final boolean withGram;
  private long n;
  private final long[] positives;
  private final double[] sumF;
  private final double[] sumSq;
  private final double[] posSum;
  private final double[] posSumSq;
  private final double[] gram;
  private double quartic;
  private final double[] normWeighted;
  private final long[] ones;
  private final long[] both;

  private transient double[] block;
  private transient int blockRows;

  private FeatureStats(
      int features,
      int targetLabels,
      int sourceLabels,
      boolean withGram,
      long n,
      long[] positives,
      double[] sumF,
      double[] sumSq,
      double[] posSum,
      double[] posSumSq,
      double[] gram,
      double quartic,
      double[] normWeighted,
      long[] ones,
      long[] both) {
    this.features = features;
    this.targetLabels = targetLabels;
    this.sourceLabels = sourceLabels;
    this.withGram = withGram;
    this.n = n;
    this.positives = positives;
    this.sumF = sumF;
    this.sumSq = sumSq;
    this.posSum = posSum;
    this.posSumSq = posSumSq;
    this.gram = gram;
    this.quartic = quartic;
    this.normWeighted = normWeighted;
    this.ones = ones;
    this.both = both;
  }

  /**
   * The identity of {@link #merge}.
   *
   * @param features D (0 when only NCE is wanted)
   * @param sourceLabels Z (0 when NCE is not wanted)
   * @param withGram whether to accumulate F^T F (LogME, H-score)
   */
  public static FeatureStats empty(
      int features, int targetLabels, int sourceLabels, boolean withGram) {
    if (targetLabels < 1 || features < 0 || sourceLabels < 0 || (withGram && features == 0)) {
      throw new IllegalArgumentException(
          "Cannot create feature statistics: need a target label, and features for the Gram matrix: D="
              + features
              + ", Y="
              + targetLabels
              + ", Z="
              + sourceLabels
              + ", gram="
              + withGram);
    }
    int d = features;
    return new FeatureStats(
        d,
        targetLabels,
        sourceLabels,
        withGram,
        0,
        new long[targetLabels],
        new double[d],
        new double[d],
        new double[targetLabels * d],
        new double[targetLabels * d],
        new double[withGram ? d * d : 0],
        0,
        new double[withGram ? d : 0],
        new long[sourceLabels],
        new long[targetLabels * sourceLabels]);
  }

  /** Rebuilds a state from its parts (the Spark buffer's view); arrays are not copied. */
  public static FeatureStats of(
      int features,
      int targetLabels,
      int sourceLabels,
      boolean withGram,
      long n,
      long[] positives,
      double[] sumF,
      double[] sumSq,
      double[] posSum,
      double[] posSumSq,
      double[] gram,
      double quartic,
      double[] normWeighted,
      long[] ones,
      long[] both) {
    int d = features;
    if (positives.length != targetLabels
        || sumF.length != d
        || sumSq.length != d
        || posSum.length != targetLabels * d
        || posSumSq.length != targetLabels * d
        || gram.length != (withGram ? d * d : 0)
        || normWeighted.length != (withGram ? d : 0)
        || ones.length != sourceLabels
        || both.length != targetLabels * sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot rebuild feature statistics: array sizes do not match D="
              + d
              + ", Y="
              + targetLabels
              + ", Z="
              + sourceLabels
              + ", gram="
              + withGram);
    }
    return new FeatureStats(
        d,
        targetLabels,
        sourceLabels,
        withGram,
        n,
        positives,
        sumF,
        sumSq,
        posSum,
        posSumSq,
        gram,
        quartic,
        normWeighted,
        ones,
        both);
  }

  /**
   * Adds one record.
   *
   * @param f its D features (ignored when D is 0)
   * @param theta its Z source probabilities (ignored when Z is 0)
   * @param labels indices of its positive target labels are {@code labels[from .. from + count)}
   */
  public void add(float[] f, double[] theta, int[] labels, int from, int count) {
    double[] row = nextRow();
    if (features > 0) {
      if (f.length != features) {
        throw new IllegalArgumentException(
            "Cannot add a record: " + f.length + " features, expected " + features);
      }
      for (int j = 0; j < features; j++) {
        row[blockRows * features + j] = f[j];
      }
    }
    addRow(row, theta, labels, from, count);
  }

  /** {@link #add(float[], double[], int[], int, int)} for double features. */
  public void add(double[] f, double[] theta, int[] labels, int from, int count) {
    double[] row = nextRow();
    if (features > 0) {
      if (f.length != features) {
        throw new IllegalArgumentException(
            "Cannot add a record: " + f.length + " features, expected " + features);
      }
      System.arraycopy(f, 0, row, blockRows * features, features);
    }
    addRow(row, theta, labels, from, count);
  }

  private double[] nextRow() {
    if (block == null) {
      block = new double[Math.max(1, features) * (withGram ? BLOCK_ROWS : 1)];
      blockRows = 0;
    }
    return block;
  }

  private void addRow(double[] rows, double[] theta, int[] labels, int from, int count) {
    int d = features;
    int off = withGram ? blockRows * d : 0;
    n++;
    double norm2 = 0;
    for (int j = 0; j < d; j++) {
      double x = rows[off + j];
      sumF[j] += x;
      sumSq[j] += x * x;
      norm2 += x * x;
    }
    for (int k = from; k < from + count; k++) {
      int y = labels[k];
      positives[y]++;
      int base = y * d;
      for (int j = 0; j < d; j++) {
        double x = rows[off + j];
        posSum[base + j] += x;
        posSumSq[base + j] += x * x;
      }
    }
    if (sourceLabels > 0) {
      if (theta.length != sourceLabels) {
        throw new IllegalArgumentException(
            "Cannot add a record: " + theta.length + " source outputs, expected " + sourceLabels);
      }
      for (int z = 0; z < sourceLabels; z++) {
        if (theta[z] >= 0.5) {
          ones[z]++;
          for (int k = from; k < from + count; k++) {
            both[labels[k] * sourceLabels + z]++;
          }
        }
      }
    }
    if (withGram) {
      quartic += norm2 * norm2;
      for (int j = 0; j < d; j++) {
        normWeighted[j] += norm2 * rows[off + j];
      }
      if (++blockRows == BLOCK_ROWS) {
        flush();
      }
    }
  }

  /** Applies the buffered rows to the Gram matrix (one rank-k update); idempotent. */
  public FeatureStats flush() {
    if (withGram && blockRows > 0) {
      // the block is row-major k x D, i.e. column-major D x k: gram += block * block^T
      if (GEMM_FOR_SYRK) {
        // also fills the lower triangle, which nothing reads
        BLAS.getInstance()
            .dgemm(
                "N", "T", features, features, blockRows, 1.0, block, features, block, features, 1.0,
                gram, features);
      } else {
        BLAS.getInstance()
            .dsyrk("U", "N", features, blockRows, 1.0, block, features, 1.0, gram, features);
      }
      blockRows = 0;
    }
    return this;
  }

  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    flush();
    out.defaultWriteObject();
  }

  /** Adds another group's statistics to this one and returns this. */
  public FeatureStats merge(FeatureStats other) {
    if (other.features != features
        || other.targetLabels != targetLabels
        || other.sourceLabels != sourceLabels
        || other.withGram != withGram) {
      throw new IllegalArgumentException(
          "Cannot merge feature statistics of different shapes: D="
              + features
              + "/"
              + other.features
              + ", Y="
              + targetLabels
              + "/"
              + other.targetLabels
              + ", Z="
              + sourceLabels
              + "/"
              + other.sourceLabels
              + ", gram="
              + withGram
              + "/"
              + other.withGram);
    }
    flush();
    other.flush();
    n += other.n;
    quartic += other.quartic;
    add(positives, other.positives);
    add(ones, other.ones);
    add(both, other.both);
    add(sumF, other.sumF);
    add(sumSq, other.sumSq);
    add(posSum, other.posSum);
    add(posSumSq, other.posSumSq);
    add(gram, other.gram);
    add(normWeighted, other.normWeighted);
    return this;
  }

  private static void add(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  private static void add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
  }

  public FeatureStats copy() {
    flush();
    return new FeatureStats(
        features,
        targetLabels,
        sourceLabels,
        withGram,
        n,
        positives.clone(),
        sumF.clone(),
        sumSq.clone(),
        posSum.clone(),
        posSumSq.clone(),
        gram.clone(),
        quartic,
        normWeighted.clone(),
        ones.clone(),
        both.clone());
  }

  public int features() {
    return features;
  }

  public int targetLabels() {
    return targetLabels;
  }

  public int sourceLabels() {
    return sourceLabels;
  }

  public boolean withGram() {
    return withGram;
  }

  public long n() {
    return n;
  }

  public long positives(int y) {
    return positives[y];
  }

  /** Records with {@code theta[z] >= 0.5}. */
  public long ones(int z) {
    return ones[z];
  }

  /** Positives of {@code y} with {@code theta[z] >= 0.5}. */
  public long both(int y, int z) {
    return both[y * sourceLabels + z];
  }

  public double sumF(int j) {
    return sumF[j];
  }

  public double sumSq(int j) {
    return sumSq[j];
  }

  public double posSum(int y, int j) {
    return posSum[y * features + j];
  }

  public double posSumSq(int y, int j) {
    return posSumSq[y * features + j];
  }

  /** {@code (F^T F)[i][j]} for any i, j (the state keeps the upper triangle). */
  public double gram(int i, int j) {
    flush();
    return i <= j ? gram[i + j * features] : gram[j + i * features];
  }

  /** {@code sum |f|^4}. */
  public double quartic() {
    return quartic;
  }

  /** {@code sum |f|^2 f[j]}. */
  public double normWeighted(int j) {
    return normWeighted[j];
  }

  /** The full symmetric F^T F as rows. */
  public double[][] gramMatrix() {
    flush();
    int d = features;
    double[][] g = new double[d][d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i <= j; i++) {
        double v = gram[i + j * d];
        g[i][j] = v;
        g[j][i] = v;
      }
    }
    return g;
  }

  // raw arrays for the Spark buffer (flushed; not copies)
  public long[] positivesArray() {
    return positives;
  }

  public double[] sumFArray() {
    return sumF;
  }

  public double[] sumSqArray() {
    return sumSq;
  }

  public double[] posSumArray() {
    return posSum;
  }

  public double[] posSumSqArray() {
    return posSumSq;
  }

  public double[] gramArray() {
    flush();
    return gram;
  }

  public double[] normWeightedArray() {
    return normWeighted;
  }

  public long[] onesArray() {
    return ones;
  }

  public long[] bothArray() {
    return both;
  }

  @Override
  public String toString() {
    return "FeatureStats[D="
        + features
        + ", Y="
        + targetLabels
        + ", Z="
        + sourceLabels
        + ", n="
        + n
        + ", gram="
        + withGram
        + ", pos="
        + Arrays.toString(positives)
        + "]";
  }
}
