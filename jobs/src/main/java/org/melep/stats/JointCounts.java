package org.melep.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Pass-1 sufficient statistics of MELEP for one group (fold, checkpoint): the number of records
 * {@code n}, the positives of every target label {@code pos[y]}, and the expected 2x2 joint
 * counts of every (target label y, source label z): {@code joint(y, z, t, s) = sum over the
 * records with t[i][y] == t of theta_i,z,s} ({@code theta_i,z,1 = theta[i][z]}, {@code
 * theta_i,z,0 = 1 - theta[i][z]}). See {@code ../shared/MELEP-MATH.md}.
 *
 * <p>Exact on skewed data: all four cells are accumulated directly, each a sum of non-negative
 * terms, never derived by a subtraction ({@code S0 = C - S1} or {@code pos - S1} lose most of their
 * digits when a label's prevalence is near 1 or the outputs saturate). Each cell is a Kahan
 * (compensated) sum, so its error does not grow with the number of records: a few ulps of the
 * cell, whatever n. Layout: {@code ((y * 2 + t) * 2 + s) * Z + z}; a record adds its {@code 1 -
 * theta} row and its {@code theta} row to the two cells of its target value, for every y.
 *
 * <p>A mutable accumulator (the aggregation buffer of a Spark task); {@link #merge} is
 * associative and commutative (up to rounding) and {@link #empty} is its identity. Pure Java.
 */
public final class JointCounts implements Serializable {
  private static final long serialVersionUID = 2L;

  private final int targetLabels;
  private final int sourceLabels;
  private long n;
  private final long[] positives;
  private final double[] joint;
  private final double[] compensation;

  private JointCounts(int targetLabels, int sourceLabels, long n, long[] pos, double[] joint, double[] comp) {
    this.targetLabels = targetLabels;
    this.sourceLabels = sourceLabels;
    this.n = n;
    this.positives = pos;
    this.joint = joint;
    this.compensation = comp;
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
    int cells = 4 * targetLabels * sourceLabels;
    return new JointCounts(
        targetLabels, sourceLabels, 0, new long[targetLabels], new double[cells], new double[cells]);
  }

  /**
   * Rebuilds a state from its parts (the Spark buffer encoder's view): the joint cells in the
   * layout of this class; arrays are not copied.
   */
  public static JointCounts of(int targetLabels, int sourceLabels, long n, long[] positives, double[] joint) {
    if (positives.length != targetLabels || joint.length != 4 * targetLabels * sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot rebuild joint counts: array sizes do not match Y=" + targetLabels + ", Z=" + sourceLabels);
    }
    return new JointCounts(targetLabels, sourceLabels, n, positives, joint, new double[joint.length]);
  }

  /**
   * Adds one record: source-label probabilities {@code theta[offset .. offset+Z)} and the indices
   * of its positive target labels {@code positiveLabels[0 .. positiveCount)}, sorted ascending and
   * unique (checked where they are built: {@link PositiveLabels}). Values are trusted here; this is
   * the hot loop.
   */
  public void add(double[] theta, int offset, int[] positiveLabels, int positiveCount) {
    add(theta, offset, positiveLabels, 0, positiveCount);
  }

  /** As {@link #add(double[], int, int[], int)}, positives at {@code positiveLabels[from .. from+count)}. */
  public void add(double[] theta, int offset, int[] positiveLabels, int from, int positiveCount) {
    final int zn = sourceLabels;
    final double[] sum = joint;
    final double[] comp = compensation;
    final int end = from + positiveCount;
    int next = from;
    for (int y = 0; y < targetLabels; y++) {
      int t = 0;
      if (next < end && positiveLabels[next] == y) {
        t = 1;
        positives[y]++;
        next++;
      }
      final int off = (y * 2 + t) * 2 * zn; // cell s = 0 at off, s = 1 at off + zn
      for (int z = 0; z < zn; z++) {
        double x = theta[offset + z];
        // Kahan: sum += value, keeping the rounding error in comp
        int k0 = off + z;
        double v0 = (1.0 - x) - comp[k0];
        double s0 = sum[k0] + v0;
        comp[k0] = (s0 - sum[k0]) - v0;
        sum[k0] = s0;
        int k1 = k0 + zn;
        double v1 = x - comp[k1];
        double s1 = sum[k1] + v1;
        comp[k1] = (s1 - sum[k1]) - v1;
        sum[k1] = s1;
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
    for (int k = 0; k < joint.length; k++) {
      // two-sum of the two compensated cells: the result stays within an ulp or two of the cell
      double a = joint[k];
      double b = other.joint[k];
      double s = a + b;
      double bb = s - a;
      double err = (a - (s - bb)) + (b - bb);
      joint[k] = s;
      compensation[k] = compensation[k] + other.compensation[k] - err;
    }
    return this;
  }

  /** A new state holding {@code a + b}; neither argument changes. */
  public static JointCounts sum(JointCounts a, JointCounts b) {
    return a.copy().merge(b);
  }

  public JointCounts copy() {
    return new JointCounts(
        targetLabels, sourceLabels, n, positives.clone(), joint.clone(), compensation.clone());
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

  /**
   * The expected joint count {@code n * P_yz(t, s)}: the sum over the records with target value t
   * of label y of {@code theta_i,z,s}; never below 0.
   */
  public double joint(int y, int z, int t, int s) {
    int k = ((y * 2 + t) * 2 + s) * sourceLabels + z;
    // Kahan keeps sum - comp; comp is the (negated) lost low part
    return Math.max(0.0, joint[k] - compensation[k]);
  }

  /** Expected count of source label z being on among the positives of y. */
  public double s1(int y, int z) {
    return joint(y, z, 1, 1);
  }

  /** Expected count of source label z being on among the negatives of y. */
  public double s0(int y, int z) {
    return joint(y, z, 0, 1);
  }

  /** Raw arrays, for the Spark buffer encoder (not copies). */
  public long[] positivesArray() {
    return positives;
  }

  /**
   * The joint cells with their compensation folded in (a new array, in the layout of {@link
   * #of}); the Spark buffer's view.
   */
  public double[] jointArray() {
    double[] out = new double[joint.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = joint[k] - compensation[k];
    }
    return out;
  }

  private String shape() {
    return "Y=" + targetLabels + ", Z=" + sourceLabels;
  }

  @Override
  public String toString() {
    return "JointCounts{n=" + n + ", " + shape() + ", pos=" + Arrays.toString(positives) + "}";
  }
}
