package org.melep.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.melep.inference.DjlNetwork;
import org.melep.inference.DjlRunner;
import org.melep.inference.OnnxRunner;
import org.melep.inference.RunnerOptions;
import org.melep.onnx.OnnxExport;

/**
 * The small variants' documented sizes, and one layer list giving the same network in both engines.
 */
class TestArchitectures {

  private static long trainable(Architecture a) {
    return a.randomWeights(0).asMap().entrySet().stream()
        .filter(e -> !e.getKey().endsWith("running_mean") && !e.getKey().endsWith("running_var"))
        .mapToLong(e -> e.getValue().size())
        .sum();
  }

  @Test
  void smallVariantSizesAreAsDocumented() {
    assertThat(trainable(ResNet1dArchitecture.resnet1dSmall(9))).isEqualTo(120_832 + 65 * 9);
    assertThat(ResNet1dArchitecture.resnet1dSmall(9).parameterCount())
        .isEqualTo(120_832 + 1_344 + 65 * 9);
    assertThat(trainable(BiLstmArchitecture.bilstmSmall(9))).isEqualTo(11_776 + 65 * 9);
    assertThat(Architectures.named("resnet1d101", 9).classifier().in()).isEqualTo(512);
    assertThat(Architectures.named("bilstm", 9).classifier().in()).isEqualTo(200_000);
  }

  @Test
  void withLabelsKeepsTheBodyAndResizesTheHead() {
    Architecture a = ResNet1dArchitecture.resnet1dSmall(9);
    Architecture b = a.withLabels(3);
    assertThat(b.body()).isEqualTo(a.body());
    assertThat(b.classifier()).isEqualTo(new Layer.Linear("head.fc2", 64, 3));
    assertThat(BiLstmArchitecture.bilstmSmall(9).withLabels(2).describe())
        .containsEntry("pool", 4)
        .containsEntry("readout", "mean");
  }

  @Test
  void smallVariantsAgreeBetweenOnnxRuntimeAndDjl() {
    for (Architecture a :
        new Architecture[] {
          ResNet1dArchitecture.resnet1dSmall(5), BiLstmArchitecture.bilstmSmall(4)
        }) {
      Weights w = a.randomWeights(11);
      long[] shape = {a.leads(), a.samples()};
      int n = 2;
      float[] x = new float[n * a.leads() * a.samples()];
      SplittableRandom r = new SplittableRandom(2);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextDouble() - 0.5);
      }
      RunnerOptions opts = RunnerOptions.cpu(1);
      try (OnnxRunner ort =
              OnnxRunner.open("o", OnnxExport.toOnnx(a, w, false), shape, a.labels(), opts);
          DjlRunner djl =
              DjlRunner.openParams(
                  "d", DjlNetwork.of(a, false).toParams(w), a, false, shape, a.labels(), opts)) {
        float[] y1 = ort.run(x, n);
        float[] y2 = djl.run(x, n);
        for (int k = 0; k < y1.length; k++) {
          assertThat(Math.abs(y1[k] - y2[k]))
              .as("%s %d", a.type(), k)
              .isLessThan(1e-4f * Math.max(1, Math.abs(y1[k])));
        }
      }
    }
  }
}
