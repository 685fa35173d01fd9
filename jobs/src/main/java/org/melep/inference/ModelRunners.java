package org.melep.inference;

import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;

/** Opens the right {@link ModelRunner} for a checkpoint's format, after checking its hash. */
public final class ModelRunners {
  private ModelRunners() {}

  public static ModelRunner open(CheckpointSpec spec, byte[] bytes, RunnerOptions options) {
    CheckpointFiles.verify(spec, bytes);
    long[] shape = spec.input().recordShape();
    int outputs = spec.labels().size();
    RunnerOptions resolved = options.threads() > 0 ? options : options.withThreads(1);
    if (spec.format() == ModelFormat.ONNX) {
      return OnnxRunner.open(spec.name(), bytes, shape, outputs, resolved);
    }
    if (spec.format() == ModelFormat.DJL) {
      boolean sigmoid = spec.output() == CheckpointSpec.OutputKind.PROBS;
      return DjlRunner.openParams(
          spec.name(), bytes, spec.architecture(), sigmoid, shape, outputs, resolved);
    }
    return DjlRunner.openTorchScript(spec.name(), bytes, shape, outputs, resolved);
  }
}
