package org.melep.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.melep.model.ResNet1dArchitecture;
import org.melep.model.Tensor;
import org.melep.model.Weights;

class TestOnnxGraph {

  @Test
  void writtenModelLoadsAndComputesGemmSigmoidByHand() throws Exception {
    OnnxGraph g = new OnnxGraph("tiny");
    g.input("x", -1, 3);
    String w = g.initializer("w", Tensor.of(new float[] {1, 2, 3, -1, 0, 0.5f}, 2, 3));
    String b = g.initializer("b", Tensor.of(new float[] {0.5f, -0.25f}, 2));
    String y = g.apply("Gemm", List.of("x", w, b), OnnxGraph.i("transB", 1));
    g.node("Sigmoid", List.of(y), List.of("out"));
    g.output("out", -1, 2);
    byte[] model = g.toModelBytes();

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] x = {1, -1, 2, 0.5f, 0.25f, -2};
    try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {2, 3});
        OrtSession.Result r = s.run(Map.of("x", t))) {
      float[][] out = (float[][]) r.get(0).getValue();
      for (int n = 0; n < 2; n++) {
        double z0 = x[3 * n] * 1 + x[3 * n + 1] * 2 + x[3 * n + 2] * 3 + 0.5;
        double z1 = x[3 * n] * -1 + x[3 * n + 1] * 0 + x[3 * n + 2] * 0.5 - 0.25;
        assertThat(out[n][0]).isCloseTo((float) (1 / (1 + Math.exp(-z0))), within(1e-6f));
        assertThat(out[n][1]).isCloseTo((float) (1 / (1 + Math.exp(-z1))), within(1e-6f));
      }
    }
  }

  @Test
  void weightsRejectWrongShapesAndMissingNames() {
    Weights w = new Weights().put("a", new float[] {1, 2}, 2);
    assertThatThrownBy(() -> w.get("a", 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot use weight a: expected shape [1, 2] but got [2]");
    assertThatThrownBy(() -> w.get("b", 2)).hasMessage("Cannot find weight: missing tensor: b");
    assertThatThrownBy(() -> Tensor.of(new float[3], 2, 2))
        .hasMessageContaining("shape [2, 2] holds 4 values, data has 3");
  }

  @Test
  void randomWeightsAreSeededAndCoverTheArchitecture() {
    ResNet1dArchitecture r = ResNet1dArchitecture.small(5);
    Weights a = r.randomWeights(7);
    Weights b = r.randomWeights(7);
    assertThat(a.get("stem.conv.weight", 8, 12, 7).data())
        .containsExactly(b.get("stem.conv.weight", 8, 12, 7).data());
    assertThat(r.randomWeights(8).get("stem.conv.weight", 8, 12, 7).data())
        .isNotEqualTo(a.get("stem.conv.weight", 8, 12, 7).data());
    // 4 stem-bn + 1 stem conv + per block 3 convs + 12 bn + 2 downsample (conv + 4 bn) + 4 head
    assertThat(a.size()).isEqualTo(5 + 4 * (3 + 12 + 5) + 4);
    assertThat(ResNet1dArchitecture.resnet1d101(9).residualBlocks()).hasSize(33);
    assertThat(ResNet1dArchitecture.resnet1d101(9).features()).isEqualTo(2048);
  }
}
