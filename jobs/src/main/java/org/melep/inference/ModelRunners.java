package org.melep.inference;

import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;

/** Opens the right {@link ModelRunner} for a checkpoint's format, after checking its hash. */
public final class ModelRunners {
  private ModelRunners() {}

  public static ModelRunner open(CheckpointSpec spec, byte[] bytes, RunnerOptions options) {
    try {
      return openVerified(spec, bytes, options);
    } catch (InferenceException e) {
      String prefix = "Cannot run checkpoint " + spec.name() + ": ";
      String m = e.getMessage();
      if (e.recordId() == null
          && m != null
          && m.startsWith(prefix)
          && m.contains("cannot load the model: ")) {
        // name the file: the engines only see its bytes
        throw new InferenceException(
            spec.name(),
            null,
            m.substring(prefix.length())
                .replace(
                    "cannot load the model: ", "cannot load the model file " + spec.uri() + ": "),
            e.getCause());
      }
      throw e;
    }
  }

  private static ModelRunner openVerified(
      CheckpointSpec spec, byte[] bytes, RunnerOptions options) {
    CheckpointFiles.verify(spec, bytes);
    long[] shape = spec.input().recordShape();
    int outputs = spec.labels().size();
    RunnerOptions resolved = options.threads() > 0 ? options : options.withThreads(1);
    if (spec.format() == ModelFormat.ONNX) {
      return OnnxRunner.open(spec.name(), bytes, shape, outputs, spec.features(), resolved);
    }
    if (spec.format() == ModelFormat.DJL) {
      boolean sigmoid = spec.output() == CheckpointSpec.OutputKind.PROBS;
      return DjlRunner.openParams(
          spec.name(),
          bytes,
          spec.architecture(),
          sigmoid,
          shape,
          outputs,
          spec.features(),
          resolved);
    }
    return DjlRunner.openTorchScript(spec.name(), bytes, shape, outputs, resolved);
  }
}
