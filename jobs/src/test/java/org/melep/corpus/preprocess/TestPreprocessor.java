package org.melep.corpus.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestPreprocessor {

  private static float[][] leads(int n, double fs) {
    float[][] mv = new float[12][n];
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < n; j++) {
        mv[k][j] = (float) ((k + 1) * 0.1 * Math.sin(2 * Math.PI * 2 * j / fs) + k * 0.01);
      }
    }
    return mv;
  }

  private static double[] gains(double g) {
    double[] a = new double[12];
    java.util.Arrays.fill(a, g);
    return a;
  }

  @Test
  void sameRateIsLosslessWithTheSourceGain() {
    float[][] mv = new float[12][1200];
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < 1200; j++) {
        mv[k][j] = (short) (j * 37 % 20000 - 10000 + k) / 1000f;
      }
    }
    PreprocessedSignal s =
        new Preprocessor(PreprocessOptions.DEFAULT).process(mv, 100, gains(1000));
    assertThat(s.nSamples()).isEqualTo(1000);
    assertThat(s.fs()).isEqualTo(100);
    assertThat(s.gain()).containsOnly(1000.0);
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < 1000; j++) {
        assertThat(s.digital()[k][j]).isEqualTo((short) (j * 37 % 20000 - 10000 + k));
      }
    }
  }

  @Test
  void rejectsRecordsShorterThanTheCrop() {
    Preprocessor p = new Preprocessor(PreprocessOptions.DEFAULT);
    assertThatThrownBy(() -> p.process(leads(4999, 500), 500, gains(1000)))
        .isInstanceOf(PreprocessException.class)
        .hasMessage("record too short: 9.998 s (4999 samples at 500 Hz), need 10 s");
    assertThat(p.process(leads(5000, 500), 500, gains(1000)).nSamples()).isEqualTo(1000);
  }

  @Test
  void minmaxScalesEachLeadToPlusMinusOne() {
    PreprocessOptions o =
        new PreprocessOptions(100, 5, ResampleMethod.DECIMATE, Normalization.MINMAX);
    PreprocessedSignal s = new Preprocessor(o).process(leads(2500, 500), 500, gains(1000));
    assertThat(s.nSamples()).isEqualTo(500);
    assertThat(s.gain()).containsOnly(Preprocessor.MINMAX_GAIN);
    for (short[] lead : s.digital()) {
      short min = Short.MAX_VALUE, max = Short.MIN_VALUE;
      for (short v : lead) {
        min = (short) Math.min(min, v);
        max = (short) Math.max(max, v);
      }
      assertThat(min).isEqualTo((short) -32767);
      assertThat(max).isEqualTo((short) 32767);
    }
    float[] flat = new float[10];
    java.util.Arrays.fill(flat, 3f);
    Preprocessor.minmax(flat);
    assertThat(flat).containsOnly(0f);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> new PreprocessOptions(0, 10, ResampleMethod.FIR, Normalization.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot preprocess: --fs must be positive: 0.0");
    assertThatThrownBy(() -> ResampleMethod.parse("linear"))
        .hasMessage("Cannot parse resample method: expected fir or decimate: linear");
    assertThatThrownBy(() -> Normalization.parse("zscore"))
        .hasMessage("Cannot parse normalisation: expected none or minmax: zscore");
    assertThat(ResampleMethod.parse("Decimate")).isEqualTo(ResampleMethod.DECIMATE);
  }
}
