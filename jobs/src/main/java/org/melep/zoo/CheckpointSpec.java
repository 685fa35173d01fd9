package org.melep.zoo;

import java.io.Serializable;
import java.util.List;
import org.melep.model.Architecture;

/**
 * One checkpoint of the zoo manifest.
 *
 * @param name unique name, also the predictions table's {@code checkpoint} partition value
 * @param uri where the model file is: any Hadoop file system path, already resolved against the
 *     manifest's folder when it was relative
 * @param sha256 lower-case hex SHA-256 of the model file's bytes
 * @param architecture the network to rebuild for the {@code djl} format, else {@code null}
 * @param labels the model's output labels, in output order
 * @param parameters DJL parameters of the same weights for fine-tuning ({@code melep train}), else
 *     {@code null}
 * @param features the name of the ONNX output holding the penultimate-layer features ({@code [N,
 *     D]}), for {@code melep predict --features}; {@code null} when the entry names none
 */
public record CheckpointSpec(
    String name,
    String uri,
    String sha256,
    ModelFormat format,
    InputContract input,
    OutputKind output,
    List<String> labels,
    Architecture architecture,
    ParametersFile parameters,
    String features)
    implements Serializable {

  /** The manifest's {@code parameters}: a DJL parameter file and its SHA-256. */
  public record ParametersFile(String uri, String sha256) implements Serializable {}

  /** A checkpoint without a feature output. */
  public CheckpointSpec(
      String name,
      String uri,
      String sha256,
      ModelFormat format,
      InputContract input,
      OutputKind output,
      List<String> labels,
      Architecture architecture,
      ParametersFile parameters) {
    this(name, uri, sha256, format, input, output, labels, architecture, parameters, null);
  }

  /** A checkpoint without fine-tuning parameters. */
  public CheckpointSpec(
      String name,
      String uri,
      String sha256,
      ModelFormat format,
      InputContract input,
      OutputKind output,
      List<String> labels,
      Architecture architecture) {
    this(name, uri, sha256, format, input, output, labels, architecture, null, null);
  }

  /** What the model's outputs are. */
  public enum OutputKind {
    /** Unbounded scores; probabilities are their sigmoid. */
    LOGITS,
    /** Per-label probabilities in [0, 1]. */
    PROBS
  }

  public CheckpointSpec {
    labels = List.copyOf(labels);
  }

  public CheckpointSpec withSha256(String hash) {
    return new CheckpointSpec(
        name, uri, hash, format, input, output, labels, architecture, parameters, features);
  }

  public CheckpointSpec withUri(String location) {
    return new CheckpointSpec(
        name, location, sha256, format, input, output, labels, architecture, parameters, features);
  }

  /** The same checkpoint with feature output {@code output} (null: none). */
  public CheckpointSpec withFeatures(String output) {
    return new CheckpointSpec(
        name, uri, sha256, format, input, this.output, labels, architecture, parameters, output);
  }
}
