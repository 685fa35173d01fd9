package org.melep.melep;

import java.io.Serializable;
import org.melep.stats.JointCounts;

/**
 * The finished empirical conditional distributions {@code P(t | s)} of every target label y given
 * every source label z (steps 1-3 of MELEP), laid out for the pass-2 kernel: for each target value
 * {@code t}, {@code base[t][y*Z+z] = P(t|s=0)} and {@code slope[t][y*Z+z] = P(t|s=1) - P(t|s=0)}, so
 * the expected-prediction likelihood of a record is {@code base + slope * theta}.
 *
 * <p>A column with {@code P_z(s) == 0} never weighs in (every record has {@code theta_s == 0}
 * there), so its conditional is set to 0 rather than 0/0.
 */
public final class ConditionalTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int targetLabels;
  private final int sourceLabels;
  private final double[][] base;
  private final double[][] slope;

  private ConditionalTable(int y, int z, double[][] base, double[][] slope) {
    this.targetLabels = y;
    this.sourceLabels = z;
    this.base = base;
    this.slope = slope;
  }

  public static ConditionalTable from(JointCounts counts) {
    int yn = counts.targetLabels();
    int zn = counts.sourceLabels();
    double n = counts.n();
    double[][] base = new double[2][yn * zn];
    double[][] slope = new double[2][yn * zn];
    for (int y = 0; y < yn; y++) {
      double pos = counts.positives(y);
      for (int z = 0; z < zn; z++) {
        double s1 = counts.s1(y, z);
        double s0 = counts.s0(y, z);
        // joint expected counts (x n): t=1,s=1: S1; t=0,s=1: S0; t=1,s=0: pos-S1; t=0,s=0: neg-S0
        double c11 = s1;
        double c01 = s0;
        double c10 = Math.max(0.0, pos - s1);
        double c00 = Math.max(0.0, (n - pos) - s0);
        double m1 = c11 + c01;
        double m0 = c10 + c00;
        double p1given1 = m1 > 0 ? c11 / m1 : 0.0;
        double p0given1 = m1 > 0 ? c01 / m1 : 0.0;
        double p1given0 = m0 > 0 ? c10 / m0 : 0.0;
        double p0given0 = m0 > 0 ? c00 / m0 : 0.0;
        int k = y * zn + z;
        base[0][k] = p0given0;
        slope[0][k] = p0given1 - p0given0;
        base[1][k] = p1given0;
        slope[1][k] = p1given1 - p1given0;
      }
    }
    return new ConditionalTable(yn, zn, base, slope);
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
    return s == 0 ? base[t][k] : base[t][k] + slope[t][k];
  }

  double[] base(int t) {
    return base[t];
  }

  double[] slope(int t) {
    return slope[t];
  }
}
