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
    double lead1 = x * scale;
    double lead2 = (x * COS60 + y * SIN60) * scale;
    out[0] = lead1;
    out[1] = lead2;
    out[2] = lead2 - lead1;
    out[3] = -(lead1 + lead2) / 2;
    out[4] = lead1 - lead2 / 2;
    out[5] = lead2 - lead1 / 2;
    for (int k = 0; k < 6; k++) {
      double[] v = PRECORDIAL[k];
      out[6 + k] = (x * v[0] + y * v[1] + z * v[2]) * scale;
    }
  }

  public static double[] project(double x, double y, double z, double scale) {
    double[] out = new double[12];
    project(x, y, z, scale, out);
    return out;
  }
}
