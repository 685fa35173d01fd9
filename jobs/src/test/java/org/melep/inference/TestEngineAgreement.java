package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.melep.model.Architecture;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;
import org.melep.model.Weights;
import org.melep.onnx.OnnxExport;

/** ONNX Runtime and DJL (PyTorch) give the same outputs for the same weights. */
class TestEngineAgreement {

  @Test
  void resnet1dOnnxAndDjlAgree() {
    assertAgree(ResNet1dArchitecture.small(9), false);
  }

  @Test
  void bilstmOnnxAndDjlAgree() {
    assertAgree(BiLstmArchitecture.small(10), false);
  }

  @Test
  void bilstmReadingEveryStepAgrees() {
    assertAgree(new BiLstmArchitecture(12, 1000, 8, 10), false);
  }

  @Test
  void sigmoidHeadsAgree() {
    assertAgree(new ResNet1dArchitecture(12, 250, java.util.List.of(1, 2, 1, 1), 4, 16, 5), true);
  }

  @Test
  void djlFeaturesEqualTheOnnxFeaturesOfTheSameNetwork() {
    assertFeaturesAgree(ResNet1dArchitecture.small(6), true);
    assertFeaturesAgree(BiLstmArchitecture.small(3), false);
  }

  @Test
  void djlRefusesAFeatureOutputOtherThanTheClassifiersInput() {
    ResNet1dArchitecture a = ResNet1dArchitecture.small(5);
    byte[] params = DjlNetwork.of(a, false).toParams(a.randomWeights(1));
    long[] shape = {a.leads(), a.samples()};
    assertThatThrownBy(
            () ->
                DjlRunner.openParams("p", params, a, false, shape, 5, "fc1", RunnerOptions.cpu(1)))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "Cannot run checkpoint p: a djl checkpoint's feature output is 'features' (the input of"
                + " the architecture's classifier), not 'fc1'");
    try (DjlRunner plain =
        DjlRunner.openParams("p", params, a, false, shape, 5, RunnerOptions.cpu(1))) {
      assertThat(plain.featureCount()).isZero();
      assertThatThrownBy(() -> plain.runWithFeatures(new float[plain.recordSize()], 1))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  /** Outputs and features of one pass, ONNX Runtime against DJL, to float rounding. */
  private static void assertFeaturesAgree(Architecture a, boolean sigmoid) {
    Weights w = a.randomWeights(7);
    byte[] onnx = OnnxExport.toOnnx(a, w, sigmoid);
    byte[] params = DjlNetwork.of(a, sigmoid).toParams(w);
    long[] shape = {a.leads(), a.samples()};
    int n = 2;
    float[] x = new float[n * a.leads() * a.samples()];
    SplittableRandom r = new SplittableRandom(3);
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (r.nextDouble() * 2 - 1);
    }
    RunnerOptions opts = RunnerOptions.cpu(1);
    String name = Architecture.FEATURES;
    try (OnnxRunner ort = OnnxRunner.open("ort", onnx, shape, a.labels(), name, opts);
        DjlRunner djl =
            DjlRunner.openParams("djl", params, a, sigmoid, shape, a.labels(), name, opts)) {
      assertThat(djl.featureCount()).isEqualTo(ort.featureCount()).isEqualTo(a.classifier().in());
      float[][] expected = ort.runWithFeatures(x, n);
      float[][] actual = djl.runWithFeatures(x, n);
      for (int part = 0; part < 2; part++) {
        assertThat(actual[part]).hasSameSizeAs(expected[part]);
        double spread = 0;
        for (int k = 0; k < expected[part].length; k++) {
          float e = expected[part][k];
          assertThat(Math.abs(actual[part][k] - e))
              .as("%s #%d: ort %s djl %s", part == 0 ? "output" : "feature", k, e, actual[part][k])
              .isLessThan(1e-4f * Math.max(1f, Math.abs(e)));
          spread += Math.abs(e - expected[part][0]);
        }
        assertThat(spread).as("values must not be constant").isGreaterThan(1e-3);
      }
      // the outputs of the pass with features are those of a plain run
      float[] plain = djl.run(x, n);
      for (int k = 0; k < plain.length; k++) {
        assertThat(actual[0][k]).isEqualTo(plain[k]);
      }
    }
  }

  @Test
  void unreadableTorchScriptFailsNamingCheckpoint() {
    assertThatThrownBy(
            () ->
                DjlRunner.openTorchScript(
                    "ts", new byte[] {1, 2, 3}, new long[] {12, 1000}, 2, RunnerOptions.cpu(1)))
        .isInstanceOf(InferenceException.class)
        .hasMessageStartingWith("Cannot run checkpoint ts: DJL cannot load the model: ");
  }

  @Test
  void djlParamsOfAnotherArchitectureFailToLoad() {
    ResNet1dArchitecture a = ResNet1dArchitecture.small(5);
    byte[] params = DjlNetwork.of(a, false).toParams(a.randomWeights(1));
    ResNet1dArchitecture wider =
        new ResNet1dArchitecture(12, 1000, java.util.List.of(1, 1, 1, 1), 16, 32, 5);
    assertThatThrownBy(
            () ->
                DjlRunner.openParams(
                    "p", params, wider, false, new long[] {12, 1000}, 5, RunnerOptions.cpu(1)))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "Cannot run checkpoint p: parameter stem.conv.weight has shape [8, 12, 7] but the manifest's"
                + " architecture {type=resnet1d, blocks=[1, 1, 1, 1], width=16, head=32} needs [16, 12, 7]");
  }

  private static void assertAgree(Architecture a, boolean sigmoid) {
    Weights w = a.randomWeights(42);
    byte[] onnx = OnnxExport.toOnnx(a, w, sigmoid);
    byte[] params = DjlNetwork.of(a, sigmoid).toParams(w);
    long[] shape = {a.leads(), a.samples()};
    int n = 3;
    float[] x = new float[n * a.leads() * a.samples()];
    SplittableRandom r = new SplittableRandom(1);
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) (r.nextDouble() * 2 - 1);
    }
    RunnerOptions opts = RunnerOptions.cpu(1);
    try (OnnxRunner ort = OnnxRunner.open("ort", onnx, shape, a.labels(), opts);
        DjlRunner djl = DjlRunner.openParams("djl", params, a, sigmoid, shape, a.labels(), opts)) {
      float[] y1 = ort.run(x, n);
      float[] y2 = djl.run(x, n);
      assertThat(y1).hasSize(n * a.labels());
      double spread = 0;
      for (int k = 0; k < y1.length; k++) {
        assertThat(Math.abs(y1[k] - y2[k]))
            .as("output %d: ort %s djl %s", k, y1[k], y2[k])
            .isLessThan(1e-4f * Math.max(1f, Math.abs(y1[k])));
        spread += Math.abs(y1[k] - y1[0]);
      }
      assertThat(spread).as("outputs must not be constant").isGreaterThan(1e-3);
      // a batch of one gives the same first row
      float[] single = ort.run(x, 1);
      for (int k = 0; k < a.labels(); k++) {
        assertThat(single[k]).isCloseTo(y1[k], org.assertj.core.api.Assertions.within(1e-4f));
      }
    }
  }
}
