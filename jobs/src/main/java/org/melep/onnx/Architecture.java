package org.melep.onnx;

import java.io.Serializable;
import java.util.Map;

/**
 * One of the paper's two ECG classifier architectures with its sizes: everything needed to
 * rebuild the network from a {@link Weights} map (for ONNX export, and for DJL checkpoints whose
 * files hold only parameters). Inputs are {@code [N, leads, samples]} (NCL), outputs {@code [N,
 * labels]} logits, or probabilities when exported with a final sigmoid.
 */
public sealed interface Architecture extends Serializable
    permits ResNet1dArchitecture, BiLstmArchitecture {

  /** Name of the graph input of exported models. */
  String INPUT = "ecg";

  /** Name of the graph output of exported models. */
  String OUTPUT = "output";

  /** {@code resnet1d} or {@code bilstm}: the {@code type} of the manifest's architecture field. */
  String type();

  int leads();

  int samples();

  int labels();

  /** Seeded random weights (He-normal convolutions and linears, plausible batch-norm stats). */
  Weights randomWeights(long seed);

  /**
   * The ONNX model for these weights; with {@code sigmoid} the output is per-label probabilities
   * instead of logits.
   */
  byte[] toOnnx(Weights weights, boolean sigmoid);

  /** Plain data for the zoo manifest's {@code architecture} field (read back by the zoo). */
  Map<String, Object> describe();
}
