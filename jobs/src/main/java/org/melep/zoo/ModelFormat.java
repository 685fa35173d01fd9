package org.melep.zoo;

/** How a checkpoint file is stored, the manifest's {@code format}. */
public enum ModelFormat {
  /** An ONNX model, run by ONNX Runtime. */
  ONNX,
  /** A TorchScript file, run by DJL's PyTorch engine. */
  TORCHSCRIPT,
  /** DJL parameters ({@code Model.save}) of the manifest's {@code architecture}, run by DJL. */
  DJL;

  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
