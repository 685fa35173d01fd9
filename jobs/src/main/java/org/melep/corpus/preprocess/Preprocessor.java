package org.melep.corpus.preprocess;

import java.util.Locale;

/**
 * Resamples, crops and normalises a 12-lead recording, then quantises it to int16 for the corpus.
 *
 * <p>The output keeps the source's resolution: each lead is quantised with its source gain (ADC
 * units per mV), so a source already at the target rate passes through exactly (the int16 values of
 * the file minus its baseline). With {@link Normalization#MINMAX} the gain is {@value
 * #MINMAX_GAIN}, so the stored values decode to [-1, 1]. Values beyond int16 are clipped.
 */
public final class Preprocessor {
  /** Gain of min-max normalised leads: full int16 range for [-1, 1]. */
  public static final double MINMAX_GAIN = 32767.0;

  private final PreprocessOptions options;
  private final Resampler resampler;

  public Preprocessor(PreprocessOptions options) {
    this.options = options;
    this.resampler =
        options.resample() == ResampleMethod.FIR
            ? new FirResampler()
            : DecimatingResampler.INSTANCE;
  }

  public PreprocessOptions options() {
    return options;
  }

  /**
   * Preprocesses leads in millivolts {@code [lead][sample]} recorded at {@code fsIn} Hz with the
   * given source gains; throws {@link PreprocessException} for records shorter than the crop.
   */
  public PreprocessedSignal process(float[][] millivolts, double fsIn, double[] sourceGain) {
    int nIn = millivolts[0].length;
    double seconds = nIn / fsIn;
    if (seconds + 1e-9 < options.seconds()) {
      throw new PreprocessException(
          String.format(
              Locale.ROOT,
              "record too short: %.3f s (%d samples at %s Hz), need %s s",
              seconds,
              nIn,
              fmt(fsIn),
              fmt(options.seconds())));
    }
    int nOut = options.outputSamples();
    short[][] digital = new short[millivolts.length][];
    double[] gain = new double[millivolts.length];
    for (int k = 0; k < millivolts.length; k++) {
      float[] y = resampler.resample(millivolts[k], fsIn, options.fs(), nOut);
      double g = sourceGain[k];
      if (options.normalization() == Normalization.MINMAX) {
        minmax(y);
        g = MINMAX_GAIN;
      }
      gain[k] = g;
      digital[k] = quantise(y, g);
    }
    return new PreprocessedSignal(digital, gain, options.fs(), nOut);
  }

  /** Scales to [-1, 1] in place; a constant lead becomes all zeros. */
  static void minmax(float[] y) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : y) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = (double) max - min;
    for (int i = 0; i < y.length; i++) {
      y[i] = range > 0 ? (float) (2 * (y[i] - min) / range - 1) : 0f;
    }
  }

  private static short[] quantise(float[] y, double gain) {
    short[] q = new short[y.length];
    for (int j = 0; j < y.length; j++) {
      long v = Math.round(y[j] * gain);
      q[j] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
    return q;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
