package org.melep.melep;

import java.io.Serializable;
import org.melep.stats.JointCounts;

/**
 * The finished empirical conditional distributions {@code P(t | s)} of every target label y given
 * every source label z (steps 1-3 of MELEP), laid out for the pass-2 kernels: {@code given(t, s)[y
 * * Z + z] = P(t | s)}, so the expected-prediction likelihood of a record is {@code P(t|0) * (1 -
 * theta) + P(t|1) * theta}: two non-negative terms, never a difference, so it keeps its relative
 * precision even when it is tiny (near the {@code 1/(2n)} bound).
 *
 * <p>Each array has {@value #PADDING} extra entries ({@code P(t|0) = 1, P(t|1) = 0}) so a vector
 * kernel may read whole vectors past the last label; those lanes evaluate to {@code log 1 = 0}.
 *
 * <p>A column with {@code P_z(s) == 0} never weighs in (every record has {@code theta_s == 0}
 * there), so its conditional is set to 0 rather than 0/0.
 */
public final class ConditionalTable implements Serializable {
  private static final long serialVersionUID = 2L;

  /** Padding after the Y x Z entries: at least the widest vector (512 bits = 8 doubles). */
  static final int PADDING = 8;

  private final int targetLabels;
  private final int sourceLabels;
  private final double[][] givenOff; // [t][k] = P(t | s = 0)
  private final double[][] givenOn; // [t][k] = P(t | s = 1)

  private ConditionalTable(int y, int z, double[][] givenOff, double[][] givenOn) {
    this.targetLabels = y;
    this.sourceLabels = z;
    this.givenOff = givenOff;
    this.givenOn = givenOn;
  }

  public static ConditionalTable from(JointCounts counts) {
    int yn = counts.targetLabels();
    int zn = counts.sourceLabels();
    int cells = yn * zn;
    double[] flat = new double[4 * cells];
    conditionals(yn, zn, counts.jointArray(), flat, 0);
    ConditionalTable t = new ConditionalTable(yn, zn);
    t.load(flat, 0);
    return t;
  }

  /**
   * Steps 1-3 of MELEP for one group into a flat array: from the joint cells in the layout of
   * {@link JointCounts#of} (negative cells count as 0), {@code P(t | s)} at {@code out[base + (2 s
   * + t) Y Z + y Z + z]}: the blocks {@code P(t|0)} for t = 0, 1, then {@code P(t|1)} for t = 0, 1.
   * The one formula of both {@link #from} and {@link ConditionalTables}.
   */
  static void conditionals(int yn, int zn, double[] joint, double[] out, int base) {
    int cells = yn * zn;
    for (int y = 0; y < yn; y++) {
      for (int z = 0; z < zn; z++) {
        // joint expected counts (x n), each accumulated directly (no subtraction)
        double c11 = Math.max(0.0, joint[((y * 2 + 1) * 2 + 1) * zn + z]);
        double c01 = Math.max(0.0, joint[((y * 2) * 2 + 1) * zn + z]);
        double c10 = Math.max(0.0, joint[((y * 2 + 1) * 2) * zn + z]);
        double c00 = Math.max(0.0, joint[((y * 2) * 2) * zn + z]);
        double m1 = c11 + c01;
        double m0 = c10 + c00;
        int k = base + y * zn + z;
        out[k] = m0 > 0 ? c00 / m0 : 0.0;
        out[k + cells] = m0 > 0 ? c10 / m0 : 0.0;
        out[k + 2 * cells] = m1 > 0 ? c01 / m1 : 0.0;
        out[k + 3 * cells] = m1 > 0 ? c11 / m1 : 0.0;
      }
    }
  }

  /**
   * An empty table of this shape, padded, to {@link #load} (a scratch for {@link
   * ConditionalTables}).
   */
  ConditionalTable(int yn, int zn) {
    this(yn, zn, new double[2][yn * zn + PADDING], new double[2][yn * zn + PADDING]);
    for (int t = 0; t < 2; t++) {
      java.util.Arrays.fill(givenOff[t], yn * zn, yn * zn + PADDING, 1.0);
    }
  }

  /** Copies the flat layout of {@link #conditionals} at {@code base} into this table. */
  void load(double[] flat, int base) {
    int cells = targetLabels * sourceLabels;
    System.arraycopy(flat, base, givenOff[0], 0, cells);
    System.arraycopy(flat, base + cells, givenOff[1], 0, cells);
    System.arraycopy(flat, base + 2 * cells, givenOn[0], 0, cells);
    System.arraycopy(flat, base + 3 * cells, givenOn[1], 0, cells);
  }

  public int targetLabels() {
    return targetLabels;
  }

  public int sourceLabels() {
    return sourceLabels;
  }

  /** {@code P(t | s)} for target label y and source label z. */
  public double conditional(int y, int z, int t, int s) {
    int k = y * sourceLabels + z;
    return s == 0 ? givenOff[t][k] : givenOn[t][k];
  }

  /** {@code P(t | s = 0)} by {@code y * Z + z}, padded (not a copy). */
  double[] givenOff(int t) {
    return givenOff[t];
  }

  /** {@code P(t | s = 1)} by {@code y * Z + z}, padded (not a copy). */
  double[] givenOn(int t) {
    return givenOn[t];
  }
}
