package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.zoo.InputContract;

class TestBatchBuilder {
  private static final int L = 50;

  private static short[][] digital(int seed) {
    short[][] d = new short[12][L];
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < L; j++) {
        d[k][j] = (short) ((k + 1) * 100 + j * (seed + k) % 37 - 15);
      }
    }
    return d;
  }

  private static double[] gains() {
    double[] g = new double[12];
    for (int k = 0; k < 12; k++) {
      g[k] = 200 + 100 * k;
    }
    return g;
  }

  @Test
  void defaultContractIsTheDecodedSignalInNclOrder() {
    BatchBuilder b =
        new BatchBuilder(
            "m",
            new InputContract(
                100,
                L,
                CorpusSchema.LEADS,
                InputContract.Layout.NCL,
                InputContract.Normalization.NONE),
            2);
    short[][] d = digital(1);
    b.add("r1", 100, L, EcgSignal.encode(d), gains());
    b.add("r2", 100, L, EcgSignal.encode(digital(2)), gains());
    assertThat(b.isFull()).isTrue();
    float[] v = b.values();
    for (int k = 0; k < 12; k++) {
      for (int j = 0; j < L; j++) {
        assertThat(v[k * L + j]).isCloseTo((float) (d[k][j] / gains()[k]), within(1e-6f));
      }
    }
    assertThat(v[12 * L + 3 * L + 4])
        .isCloseTo((float) (digital(2)[3][4] / gains()[3]), within(1e-6f));
  }

  @Test
  void selectsLeadsLaysOutNlcAndNormalisesMinMax() {
    List<String> leads = List.of("V1", "I");
    BatchBuilder b =
        new BatchBuilder(
            "m",
            new InputContract(
                100, L, leads, InputContract.Layout.NLC, InputContract.Normalization.MINMAX),
            1);
    short[][] d = digital(3);
    b.add("r1", 100, L, EcgSignal.encode(d), gains());
    float[] v = b.values();
    int[] src = {6, 0};
    for (int c = 0; c < 2; c++) {
      double[] mv = new double[L];
      for (int j = 0; j < L; j++) {
        mv[j] = (float) (d[src[c]][j] / gains()[src[c]]);
      }
      double min = Arrays.stream(mv).min().orElseThrow();
      double max = Arrays.stream(mv).max().orElseThrow();
      for (int j = 0; j < L; j++) {
        assertThat(v[j * 2 + c]).isCloseTo((float) ((mv[j] - min) / (max - min)), within(1e-5f));
      }
    }
  }

  @Test
  void flatLeadNormalisesToZeros() {
    BatchBuilder b =
        new BatchBuilder(
            "m",
            new InputContract(
                100,
                L,
                List.of("II"),
                InputContract.Layout.NCL,
                InputContract.Normalization.MINMAX),
            1);
    b.add("r", 100, L, EcgSignal.encode(new short[12][L]), gains());
    for (int j = 0; j < L; j++) {
      assertThat(b.values()[j]).isZero();
    }
  }

  @Test
  void rejectsRecordsThatDoNotFitNamingCheckpointAndRecord() {
    InputContract c =
        new InputContract(
            100, L, CorpusSchema.LEADS, InputContract.Layout.NCL, InputContract.Normalization.NONE);
    BatchBuilder b = new BatchBuilder("ckpt", c, 1);
    byte[] sig = EcgSignal.encode(digital(1));
    assertThatThrownBy(() -> b.add("r/fs", 500, L, sig, gains()))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "Cannot run checkpoint ckpt on record r/fs: record is sampled at 500.0 Hz, the checkpoint takes 100.0 Hz");
    assertThatThrownBy(() -> b.add("r/len", 100, 40, sig, gains()))
        .hasMessage(
            "Cannot run checkpoint ckpt on record r/len: record has 40 samples, the checkpoint takes 50");
    assertThatThrownBy(
            () ->
                b.add(
                    "r/leads", 100, L, Arrays.copyOf(sig, 11 * L * 2), Arrays.copyOf(gains(), 11)))
        .hasMessage(
            "Cannot run checkpoint ckpt on record r/leads: record has 11 lead gains and 1100 signal bytes, expected 12 leads x 50 samples");
    double[] zero = gains();
    zero[4] = 0;
    assertThatThrownBy(() -> b.add("r/gain", 100, L, sig, zero))
        .hasMessage(
            "Cannot run checkpoint ckpt on record r/gain: record has an unusable ADC gain: 0.0");
    assertThat(b.size()).isZero();
  }
}
