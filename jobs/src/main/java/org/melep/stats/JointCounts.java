package org.melep.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Pass-1 sufficient statistics of MELEP for one group (fold, checkpoint): the number of records
 * {@code n}, the positives of every target label {@code pos[y]}, and the expected joint counts
 * {@code S1[y][z]} (sum of {@code theta[i][z]} over the positives of {@code y}) and {@code
 * S0[y][z]} (over its negatives). See {@code ../shared/MELEP-MATH.md}.
 *
 * <p>{@code S0} is not accumulated: {@code S0 = columnSum[z] - S1[y][z]}, so a record costs {@code
 * Z} additions plus {@code Z} per positive label instead of {@code Y x Z} (S1 is the matrix product
 * {@code T^T Theta}, and T is sparse).
 *
 * <p>A mutable accumulator (the aggregation buffer of a Spark task); {@link #merge} is
 * associative and commutative and {@link #empty} is its identity. Pure Java: no Spark.
 */
public final class JointCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int targetLabels;
  private final int sourceLabels;
  private long n;
  private final long[] positives;
  private final double[] s1;
  private final double[] columnSums;

  private JointCounts(int targetLabels, int sourceLabels, long n, long[] pos, double[] s1, double[] cs) {
    this.targetLabels = targetLabels;
    this.sourceLabels = sourceLabels;
    this.n = n;
    this.positives = pos;
    this.s1 = s1;
    this.columnSums = cs;
  }

  /** The identity of {@link #merge}: no records. */
  public static JointCounts empty(int targetLabels, int sourceLabels) {
    if (targetLabels < 1 || sourceLabels < 1) {
      throw new IllegalArgumentException(
          "Cannot create joint counts: need at least one target and one source label: Y="
              + targetLabels
              + ", Z="
              + sourceLabels);
    }
    return new JointCounts(
        targetLabels,
        sourceLabels,
        0,
        new long[targetLabels],
        new double[targetLabels * sourceLabels],
        new double[sourceLabels]);
  }

  /** Rebuilds a state from its parts (the Spark buffer encoder's view); arrays are not copied. */
  public static JointCounts of(
      int targetLabels, int sourceLabels, long n, long[] positives, double[] s1, double[] columnSums) {
    if (positives.length != targetLabels
        || s1.length != targetLabels * sourceLabels
        || columnSums.length != sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot rebuild joint counts: array sizes do not match Y=" + targetLabels + ", Z=" + sourceLabels);
    }
    return new JointCounts(targetLabels, sourceLabels, n, positives, s1, columnSums);
  }

  /**
   * Adds one record: source-label probabilities {@code theta[offset .. offset+Z)} and the indices
   * of its positive target labels {@code positiveLabels[0 .. positiveCount)}. Values are trusted
   * here (validated where they are read); this is the hot loop.
   */
  public void add(double[] theta, int offset, int[] positiveLabels, int positiveCount) {
    add(theta, offset, positiveLabels, 0, positiveCount);
  }

  /** As {@link #add(double[], int, int[], int)}, positives at {@code positiveLabels[from .. from+count)}. */
  public void add(double[] theta, int offset, int[] positiveLabels, int from, int positiveCount) {
    final int z = sourceLabels;
    final double[] cs = columnSums;
    for (int j = 0; j < z; j++) {
      cs[j] += theta[offset + j];
    }
    final double[] s = s1;
    for (int p = from; p < from + positiveCount; p++) {
      int y = positiveLabels[p];
      positives[y]++;
      int row = y * z;
      for (int j = 0; j < z; j++) {
        s[row + j] += theta[offset + j];
      }
    }
    n++;
  }

  /** Adds another state into this one and returns this. */
  public JointCounts merge(JointCounts other) {
    if (other.targetLabels != targetLabels || other.sourceLabels != sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot merge joint counts of different shapes: "
              + shape()
              + " and "
              + other.shape());
    }
    n += other.n;
    for (int y = 0; y < targetLabels; y++) {
      positives[y] += other.positives[y];
    }
    for (int k = 0; k < s1.length; k++) {
      s1[k] += other.s1[k];
    }
    for (int j = 0; j < sourceLabels; j++) {
      columnSums[j] += other.columnSums[j];
    }
    return this;
  }

  /** A new state holding {@code a + b}; neither argument changes. */
  public static JointCounts sum(JointCounts a, JointCounts b) {
    return a.copy().merge(b);
  }

  public JointCounts copy() {
    return new JointCounts(
        targetLabels, sourceLabels, n, positives.clone(), s1.clone(), columnSums.clone());
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

  public long positives(int y) {
    return positives[y];
  }

  public long negatives(int y) {
    return n - positives[y];
  }

  /** Expected count of source label z being on among the positives of y. */
  public double s1(int y, int z) {
    return s1[y * sourceLabels + z];
  }

  /**
   * Expected count of source label z being on among the negatives of y, {@code columnSum - S1},
   * floored at 0 (the difference of two rounded sums can be a few ulps below 0 when S0 is 0).
   */
  public double s0(int y, int z) {
    return Math.max(0.0, columnSums[z] - s1[y * sourceLabels + z]);
  }

  /** Raw arrays, for the Spark buffer encoder (not copies). */
  public long[] positivesArray() {
    return positives;
  }

  public double[] s1Array() {
    return s1;
  }

  public double[] columnSumsArray() {
    return columnSums;
  }

  private String shape() {
    return "Y=" + targetLabels + ", Z=" + sourceLabels;
  }

  @Override
  public String toString() {
    return "JointCounts{n=" + n + ", " + shape() + ", pos=" + Arrays.toString(positives) + "}";
  }
}
