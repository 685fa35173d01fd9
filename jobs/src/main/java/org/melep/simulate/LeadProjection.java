package org.melep.simulate;

/**
 * Projects a cardiac dipole (x: patient's left, y: inferior, z: anterior; mV) onto the 12 leads in
 * {@code CorpusSchema.LEADS} order. Limb leads follow Einthoven and Goldberger exactly ({@code III
 * = II - I}, {@code aVR = -(I + II) / 2}, ...); precordial leads are unit directions in the
 * horizontal plane tilted slightly inferior, scaled by their proximity to the heart.
 */
public final class LeadProjection {
  private LeadProjection() {}

  private static final double COS60 = 0.5;
  private static final double SIN60 = Math.sqrt(3) / 2;

  /** Precordial V1..V6 directions (x, y, z) times proximity gain. */
  private static final double[][] PRECORDIAL = {
    scaled(-0.42, 0.05, 0.90, 1.0),
    scaled(0.00, 0.10, 1.00, 1.5),
    scaled(0.34, 0.15, 0.94, 1.6),
    scaled(0.64, 0.25, 0.77, 1.5),
    scaled(0.90, 0.25, 0.42, 1.2),
    scaled(1.00, 0.20, 0.00, 1.0),
  };

  private static double[] scaled(double x, double y, double z, double gain) {
    double norm = Math.sqrt(x * x + y * y + z * z);
    return new double[] {gain * x / norm, gain * y / norm, gain * z / norm};
  }

  /** Writes the 12 lead amplitudes of dipole {@code (x, y, z)} times {@code scale} into out. */
  public static void project(double x, double y, double z, double scale, double[] out) {
    project(x, y, z, scale, PRECORDIAL, out);
  }

  /**
   * As {@link #project(double, double, double, double, double[])} with the precordial electrodes at
   * {@code precordial} (6 directions times proximity, see {@link #precordial}).
   */
  public static void project(
      double x, double y, double z, double scale, double[][] precordial, double[] out) {
    double lead1 = x * scale;
    double lead2 = (x * COS60 + y * SIN60) * scale;
    out[0] = lead1;
    out[1] = lead2;
    out[2] = lead2 - lead1;
    out[3] = -(lead1 + lead2) / 2;
    out[4] = lead1 - lead2 / 2;
    out[5] = lead2 - lead1 / 2;
    for (int k = 0; k < 6; k++) {
      double[] v = precordial[k];
      out[6 + k] = (x * v[0] + y * v[1] + z * v[2]) * scale;
    }
  }

  /**
   * The precordial electrode directions of a record whose electrodes sit {@code rotation} radians
   * around the body's vertical axis (positive: towards the patient's left) and {@code tilt} radians
   * higher (positive: superior) than the standard positions; written into {@code out} (6 x 3). Limb
   * leads do not move.
   */
  public static void precordial(double rotation, double tilt, double[][] out) {
    double cr = Math.cos(rotation);
    double sr = Math.sin(rotation);
    double ct = Math.cos(tilt);
    double st = Math.sin(tilt);
    for (int k = 0; k < 6; k++) {
      double[] v = PRECORDIAL[k];
      // rotate about y (vertical): z (anterior) turns towards x (left)
      double x = v[0] * cr + v[2] * sr;
      double z = -v[0] * sr + v[2] * cr;
      double y = v[1];
      // tilt: a higher electrode sees the heart from above (y towards -y)
      double horizontal = Math.sqrt(x * x + z * z);
      double y2 = y * ct - horizontal * st;
      double h2 = y * st + horizontal * ct;
      double f = horizontal > 0 ? h2 / horizontal : 0;
      out[k][0] = x * f;
      out[k][1] = y2;
      out[k][2] = z * f;
    }
  }

  public static double[] project(double x, double y, double z, double scale) {
    double[] out = new double[12];
    project(x, y, z, scale, out);
    return out;
  }
}
