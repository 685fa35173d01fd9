package org.melep.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Pass-1 sufficient statistics of MELEP for one group (fold, checkpoint): the number of records
 * {@code n}, the positives of every target label {@code pos[y]}, and the expected 2x2 joint counts
 * of every (target label y, source label z): {@code joint(y, z, t, s) = sum over the records with
 * t[i][y] == t of theta_i,z,s} ({@code theta_i,z,1 = theta[i][z]}, {@code theta_i,z,0 = 1 -
 * theta[i][z]}). See {@code ../shared/MELEP-MATH.md}.
 *
 * <p>Exact on skewed data: all four cells are accumulated directly, each a sum of non-negative
 * terms, never derived by a subtraction ({@code S0 = C - S1} or {@code pos - S1} lose most of their
 * digits when a label's prevalence is near 1 or the outputs saturate). Layout: {@code ((y * 2 + t)
 * * 2 + s) * Z + z}; a record adds its {@code 1 - theta} row and its {@code theta} row to the two
 * cells of its target value, for every y.
 *
 * <p>Blocked compensated sums, so the hot loop is two plain additions per (y, z): the records are
 * added in blocks of {@value #BLOCK} by plain addition into a block array (a sum of at most {@value
 * #BLOCK} non-negative terms is within {@code (BLOCK - 1) * 2^-53 = 7e-15} relative of exact), and
 * each full block is added into the totals by a Kahan (compensated) sum, whose error does not grow
 * with the number of blocks. So every cell is within about 1e-14 relative of exact, whatever n
 * (tested against a double-double reference on a million skewed records), while the loop runs at
 * the speed of plain addition (the JIT vectorises it). A state with fewer than {@value #BLOCK}
 * records never allocates its totals (a million small groups stay small).
 *
 * <p>A mutable accumulator (the aggregation buffer of a Spark task); {@link #merge} is associative
 * and commutative (up to rounding) and {@link #empty} is its identity. Pure Java.
 */
public final class JointCounts implements Serializable {
  private static final long serialVersionUID = 3L;

  /** Records added by plain addition before the block goes into the compensated totals. */
  static final int BLOCK = 64;

  private final int targetLabels;
  private final int sourceLabels;
  private long n;
  private final long[] positives;

  /** Plain sums of the records since the last flush. */
  private final double[] block;

  private int inBlock;

  /**
   * Kahan totals of the flushed blocks ({@code value = joint - compensation}); null until the first
   * flush.
   */
  private double[] joint;

  private double[] compensation;

  /** Scratch: the current record's {@code 1 - theta} and {@code theta} rows. */
  private transient double[] row;

  private JointCounts(
      int targetLabels,
      int sourceLabels,
      long n,
      long[] pos,
      double[] block,
      int inBlock,
      double[] joint,
      double[] comp) {
    this.targetLabels = targetLabels;
    this.sourceLabels = sourceLabels;
    this.n = n;
    this.positives = pos;
    this.block = block;
    this.inBlock = inBlock;
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
        targetLabels, sourceLabels, 0, new long[targetLabels], new double[cells], 0, null, null);
  }

  /**
   * Rebuilds a state from its parts (the Spark buffer encoder's view): the joint cells in the
   * layout of this class; arrays are not copied.
   */
  public static JointCounts of(
      int targetLabels, int sourceLabels, long n, long[] positives, double[] joint) {
    if (positives.length != targetLabels || joint.length != 4 * targetLabels * sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot rebuild joint counts: array sizes do not match Y="
              + targetLabels
              + ", Z="
              + sourceLabels);
    }
    return new JointCounts(
        targetLabels,
        sourceLabels,
        n,
        positives,
        new double[joint.length],
        0,
        joint,
        new double[joint.length]);
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

  /**
   * As {@link #add(double[], int, int[], int)}, positives at {@code positiveLabels[from ..
   * from+count)}.
   */
  public void add(double[] theta, int offset, int[] positiveLabels, int from, int positiveCount) {
    double[] u = row;
    if (u == null) {
      u = row = new double[2 * sourceLabels];
    }
    addRecord(
        block,
        0,
        u,
        positives,
        0,
        targetLabels,
        sourceLabels,
        theta,
        offset,
        positiveLabels,
        from,
        positiveCount);
    n++;
    if (++inBlock == BLOCK) {
      flush();
    }
  }

  /**
   * The hot loop of pass 1, shared with {@link JointCountsSlab}: adds one record's {@code 1 -
   * theta} and {@code theta} rows to the cells of {@code sum} (layout of this class, from {@code
   * sumBase}) and counts its positives into {@code positives[positivesBase + y]}; {@code u} is
   * scratch of at least 2Z.
   */
  static void addRecord(
      double[] sum,
      int sumBase,
      double[] u,
      long[] positives,
      int positivesBase,
      int targetLabels,
      int zn,
      double[] theta,
      int offset,
      int[] positiveLabels,
      int from,
      int positiveCount) {
    final int width = 2 * zn;
    // the record's two rows, 1 - theta then theta: the cells (y, t, s = 0 and 1) are contiguous,
    // so each y is one loop of 2Z additions (vectorised by the JIT, no short tail per s)
    for (int z = 0; z < zn; z++) {
      double x = theta[offset + z];
      u[z] = 1.0 - x;
      u[zn + z] = x;
    }
    final int end = from + positiveCount;
    int next = from;
    for (int y = 0; y < targetLabels; y++) {
      int t = 0;
      if (next < end && positiveLabels[next] == y) {
        t = 1;
        positives[positivesBase + y]++;
        next++;
      }
      final int off = sumBase + (y * 2 + t) * width; // cell s = 0 at off, s = 1 at off + zn
      for (int j = 0; j < width; j++) {
        sum[off + j] += u[j];
      }
    }
  }

  /**
   * As {@link #addRecord(double[], int, double[], long[], int, int, int, double[], int, int[], int,
   * int)} with the positives as a bit mask (bit y: target label y positive; Y at most 32).
   */
  static void addRecord(
      double[] sum,
      int sumBase,
      double[] u,
      long[] positives,
      int positivesBase,
      int targetLabels,
      int zn,
      double[] theta,
      int offset,
      int mask) {
    final int width = 2 * zn;
    for (int z = 0; z < zn; z++) {
      double x = theta[offset + z];
      u[z] = 1.0 - x;
      u[zn + z] = x;
    }
    for (int y = 0; y < targetLabels; y++) {
      int t = (mask >>> y) & 1;
      positives[positivesBase + y] += t;
      final int off = sumBase + (y * 2 + t) * width;
      for (int j = 0; j < width; j++) {
        sum[off + j] += u[j];
      }
    }
  }

  /** Adds the block into the compensated totals (Kahan) and clears it. */
  private void flush() {
    if (inBlock == 0) {
      return;
    }
    totals();
    final double[] sum = joint;
    final double[] comp = compensation;
    final double[] b = block;
    for (int k = 0; k < b.length; k++) {
      double v = b[k] - comp[k];
      double s = sum[k] + v;
      comp[k] = (s - sum[k]) - v;
      sum[k] = s;
      b[k] = 0.0;
    }
    inBlock = 0;
  }

  private void totals() {
    if (joint == null) {
      joint = new double[block.length];
      compensation = new double[block.length];
    }
  }

  /** Adds another state into this one and returns this. */
  public JointCounts merge(JointCounts other) {
    if (other.targetLabels != targetLabels || other.sourceLabels != sourceLabels) {
      throw new IllegalArgumentException(
          "Cannot merge joint counts of different shapes: " + shape() + " and " + other.shape());
    }
    n += other.n;
    for (int y = 0; y < targetLabels; y++) {
      positives[y] += other.positives[y];
    }
    flush();
    totals();
    for (int k = 0; k < joint.length; k++) {
      double a = joint[k];
      double c = compensation[k];
      if (other.joint != null) {
        // two-sum of the two compensated totals: the result stays within an ulp or two of the cell
        double b = other.joint[k];
        double s = a + b;
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        a = s;
        c = c + other.compensation[k] - err;
      }
      // then the other's unflushed block, by Kahan
      double v = other.block[k] - c;
      double s = a + v;
      compensation[k] = (s - a) - v;
      joint[k] = s;
    }
    return this;
  }

  /** A new state holding {@code a + b}; neither argument changes. */
  public static JointCounts sum(JointCounts a, JointCounts b) {
    return a.copy().merge(b);
  }

  public JointCounts copy() {
    return new JointCounts(
        targetLabels,
        sourceLabels,
        n,
        positives.clone(),
        block.clone(),
        inBlock,
        joint == null ? null : joint.clone(),
        compensation == null ? null : compensation.clone());
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
    return Math.max(0.0, cell(((y * 2 + t) * 2 + s) * sourceLabels + z));
  }

  /** Totals plus block of cell k: {@code (joint - compensation) + block}, by a two-sum. */
  private double cell(int k) {
    if (joint == null) {
      return block[k];
    }
    return cell(joint[k], compensation[k], block[k]);
  }

  /** {@code (total - compensation) + block} by a two-sum (shared with {@link JointCountsSlab}). */
  static double cell(double total, double compensation, double block) {
    double s = total + block;
    double bb = s - total;
    double err = (total - (s - bb)) + (block - bb);
    return s + (err - compensation);
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
   * The joint cells with their compensation folded in (a new array, in the layout of {@link #of});
   * the Spark buffer's view.
   */
  public double[] jointArray() {
    double[] out = new double[block.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = cell(k);
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
