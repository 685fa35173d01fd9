package org.melep.corpus.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestFirResampler {
  private final FirResampler fir = new FirResampler();

  static float[] sine(double f, double fs, int n, double phase) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * f * i / fs + phase);
    }
    return x;
  }

  /** Amplitude of the {@code f} Hz component over samples [from, to), by least squares. */
  static double amplitude(float[] y, double f, double fs, int from, int to) {
    double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(2 * Math.PI * f * i / fs);
      double c = Math.cos(2 * Math.PI * f * i / fs);
      ss += s * s;
      sc += s * c;
      cc += c * c;
      ys += y[i] * s;
      yc += y[i] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det;
    double b = (yc * ss - ys * sc) / det;
    return Math.hypot(a, b);
  }

  static double rms(float[] y, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += y[i] * y[i];
    }
    return Math.sqrt(s / (to - from));
  }

  @Test
  void keepsInBandAmplitudeAndSuppressesAliasingWhereDecimationAliases() {
    // 5 Hz at 500 -> 100 Hz: amplitude within 1%
    float[] y5 = fir.resample(sine(5, 500, 5000, 0.3), 500, 100, 1000);
    assertThat(amplitude(y5, 5, 100, 0, 1000)).isCloseTo(1.0, within(0.01));
    // 70 Hz is above the new 50 Hz Nyquist: it would alias to 30 Hz
    float[] x70 = sine(70, 500, 5000, 0.3);
    float[] y70 = fir.resample(x70, 500, 100, 1000);
    double firDb = 20 * Math.log10(rms(y70, 50, 950) * Math.sqrt(2));
    assertThat(firDb).isLessThan(-40);
    float[] d70 = DecimatingResampler.INSTANCE.resample(x70, 500, 100, 1000);
    assertThat(amplitude(d70, 30, 100, 0, 1000)).isCloseTo(1.0, within(0.01)); // full alias
    // the same at 1000 -> 100 Hz (the PTB S* records): 120 Hz aliases to 20 Hz
    float[] x120 = sine(120, 1000, 10000, 0.1);
    assertThat(rms(fir.resample(x120, 1000, 100, 1000), 50, 950) * Math.sqrt(2)).isLessThan(0.01);
    assertThat(
            amplitude(
                DecimatingResampler.INSTANCE.resample(x120, 1000, 100, 1000), 20, 100, 0, 1000))
        .isCloseTo(1.0, within(0.01));
  }

  /** A band-limited signal resampled must equal the same signal sampled at the new rate. */
  @ParameterizedTest
  @CsvSource({"500,100", "1000,100", "257,100", "100,250", "99.5,100", "360,100", "100,100"})
  void matchesTheAnalyticSignalAtTheNewRate(double fsIn, double fsOut) {
    double[] freqs = {0.7, 3, 11, 23, 31};
    double seconds = 12;
    int nIn = (int) (seconds * fsIn);
    float[] x = new float[nIn];
    for (int i = 0; i < nIn; i++) {
      x[i] = (float) signal(freqs, i / fsIn);
    }
    int nOut = (int) (10 * fsOut);
    float[] y = fir.resample(x, fsIn, fsOut, nOut);
    double maxErr = 0;
    // away from the start edge, where the input is extended by its first sample
    for (int n = (int) fsOut; n < nOut; n++) {
      maxErr = Math.max(maxErr, Math.abs(y[n] - signal(freqs, n / fsOut)));
    }
    assertThat(maxErr).as("%s -> %s Hz", fsIn, fsOut).isLessThan(2e-3);
  }

  private static double signal(double[] freqs, double t) {
    double v = 0.2;
    for (int k = 0; k < freqs.length; k++) {
      v += Math.cos(2 * Math.PI * freqs[k] * t + k) / (k + 1);
    }
    return v;
  }

  @Test
  void keepsConstantsExactlyIncludingTheEdges() {
    float[] x = new float[777];
    java.util.Arrays.fill(x, 1.25f);
    float[] y = fir.resample(x, 257, 100, 300);
    for (float v : y) {
      assertThat(v).isCloseTo(1.25f, within(1e-5f));
    }
  }

  @Test
  void decimationNeedsAWholeRatio() {
    assertThatThrownBy(() -> DecimatingResampler.INSTANCE.resample(new float[1000], 257, 100, 10))
        .isInstanceOf(PreprocessException.class)
        .hasMessage(
            "Cannot resample 257.0 Hz to 100.0 Hz by decimation: the ratio is not a whole number"
                + " (use --resample fir)");
    assertThat(DecimatingResampler.INSTANCE.resample(new float[] {1, 2, 3, 4, 5, 6}, 500, 100, 2))
        .containsExactly(1, 6);
  }

  @Test
  void besselI0MatchesKnownValues() {
    assertThat(FirResampler.besselI0(0)).isEqualTo(1.0);
    assertThat(FirResampler.besselI0(1)).isCloseTo(1.2660658777520084, within(1e-12));
    assertThat(FirResampler.besselI0(8)).isCloseTo(427.5641157218048, within(1e-9));
  }
}
