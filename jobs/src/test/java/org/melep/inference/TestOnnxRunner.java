package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.melep.model.ResNet1dArchitecture;
import org.melep.onnx.OnnxExport;

class TestOnnxRunner {
  private static final ResNet1dArchitecture ARCH = ResNet1dArchitecture.small(4);
  private static final byte[] MODEL = OnnxExport.toOnnx(ARCH, ARCH.randomWeights(1), false);

  @Test
  void cudaRequestedWithoutCudaFallsBackToCpuAndStillRuns() {
    RunnerOptions cuda = new RunnerOptions(RunnerOptions.Device.CUDA, 1, 0);
    try (OnnxRunner cpuOnly =
            OnnxRunner.open("m", MODEL, new long[] {12, 1000}, 4, RunnerOptions.cpu(1));
        OnnxRunner fallback = OnnxRunner.open("m", MODEL, new long[] {12, 1000}, 4, cuda)) {
      assertThat(fallback.provider()).isEqualTo("CPU");
      assertThat(fallback.describe()).isEqualTo("onnxruntime CPU");
      float[] x = new float[2 * 12000];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) Math.sin(i * 0.01);
      }
      assertThat(fallback.run(x, 2)).containsExactly(cpuOnly.run(x, 2));
    }
  }

  @Test
  void autoUsesCudaOnlyWhenTheTaskHasAGpu() {
    assertThat(RunnerOptions.auto().forTask(2, -1).wantsCuda()).isFalse();
    assertThat(RunnerOptions.auto().forTask(2, -1).threads()).isEqualTo(2);
    assertThat(RunnerOptions.auto().forTask(2, 1).wantsCuda()).isTrue();
    assertThat(RunnerOptions.auto().withThreads(3).forTask(1, 0).threads()).isEqualTo(3);
    assertThat(RunnerOptions.cpu(1).forTask(1, 0).wantsCuda()).isFalse();
    assertThatThrownBy(() -> RunnerOptions.cpu(-1))
        .hasMessage("Cannot run models: threads must be >= 0: -1");
  }

  @Test
  void rejectsModelsThatDoNotFitTheContract() {
    assertThatThrownBy(
            () -> OnnxRunner.open("m", MODEL, new long[] {1000, 12}, 4, RunnerOptions.cpu(1)))
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "Cannot run checkpoint m: model input shape [-1, 12, 1000] does not fit the manifest's input contract [N, 1000, 12]");
    assertThatThrownBy(
            () ->
                OnnxRunner.open(
                    "m", new byte[] {1, 2, 3}, new long[] {12, 1000}, 4, RunnerOptions.cpu(1)))
        .isInstanceOf(InferenceException.class)
        .hasMessageStartingWith("Cannot run checkpoint m: ONNX Runtime cannot load the model: ");
  }
}
