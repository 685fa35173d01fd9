package org.melep.corpus.preprocess;

/**
 * The authors' resampling: keeps every k-th sample (k = fsIn / fsOut, which must be a whole
 * number), with no low-pass filter, so content above the new Nyquist frequency aliases.
 */
public final class DecimatingResampler implements Resampler {
  public static final DecimatingResampler INSTANCE = new DecimatingResampler();

  private DecimatingResampler() {}

  @Override
  public float[] resample(float[] x, double fsIn, double fsOut, int nOut) {
    double ratio = fsIn / fsOut;
    long k = Math.round(ratio);
    if (k < 1 || Math.abs(ratio - k) > 1e-9 * ratio) {
      throw new PreprocessException(
          "Cannot resample "
              + fsIn
              + " Hz to "
              + fsOut
              + " Hz by decimation: the ratio is not a whole number (use --resample fir)");
    }
    if ((long) (nOut - 1) * k >= x.length) {
      throw new PreprocessException(
          "Cannot resample: " + x.length + " samples are too few for " + nOut + " outputs");
    }
    float[] y = new float[nOut];
    for (int n = 0; n < nOut; n++) {
      y[n] = x[(int) (n * k)];
    }
    return y;
  }
}
