package org.melep.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the paper's ECG classifier architectures (or a small variant) with its sizes. Its layer
 * list ({@link #body()} then {@link #classifier()}) is the one definition that DJL training and
 * inference ({@link DjlBlocks}) and the ONNX export ({@code org.melep.onnx.OnnxExport}) both build
 * from, so a {@link Weights} map means the same network everywhere. Inputs are {@code [N, leads,
 * samples]} (NCL), outputs {@code [N, labels]} logits; the body's output is the penultimate layer,
 * exported as {@link #FEATURES}.
 */
public sealed interface Architecture extends Serializable
    permits ResNet1dArchitecture, BiLstmArchitecture {

  /** Name of the graph input of exported models. */
  String INPUT = "ecg";

  /** Name of the graph output of exported models. */
  String OUTPUT = "output";

  /**
   * Name of the second graph output of exported models: the penultimate layer (the head's input).
   */
  String FEATURES = "features";

  /** {@code resnet1d} or {@code bilstm}: the {@code type} of the manifest's architecture field. */
  String type();

  int leads();

  int samples();

  int labels();

  /** Every layer up to the penultimate output, whose width is {@link #classifier()}'s input. */
  List<Layer> body();

  /** The final linear layer, features to labels: the part fine-tuning replaces. */
  Layer.Linear classifier();

  /** The same body with a head sized for {@code labels} outputs. */
  Architecture withLabels(int labels);

  /** Plain data for the zoo manifest's {@code architecture} field (read back by the zoo). */
  Map<String, Object> describe();

  /** Body then head. */
  default List<Layer> layers() {
    List<Layer> all = new ArrayList<>(body());
    all.add(classifier());
    return all;
  }

  /** Seeded random weights (He-normal convolutions and linears, plausible batch-norm stats). */
  default Weights randomWeights(long seed) {
    return new WeightInit(seed).forLayers(layers());
  }

  /** Number of trainable values plus batch-norm statistics. */
  default long parameterCount() {
    return randomWeights(0).parameterCount();
  }
}
