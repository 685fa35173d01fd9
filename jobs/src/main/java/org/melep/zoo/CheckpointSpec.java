package org.melep.zoo;

import java.io.Serializable;
import java.util.List;
import org.melep.onnx.Architecture;

/**
 * One checkpoint of the zoo manifest.
 *
 * @param name unique name, also the predictions table's {@code checkpoint} partition value
 * @param uri where the model file is: any Hadoop file system path, already resolved against the
 *     manifest's folder when it was relative
 * @param sha256 lower-case hex SHA-256 of the model file's bytes
 * @param architecture the network to rebuild for the {@code djl} format, else {@code null}
 * @param labels the model's output labels, in output order
 */
public record CheckpointSpec(
    String name,
    String uri,
    String sha256,
    ModelFormat format,
    InputContract input,
    OutputKind output,
    List<String> labels,
    Architecture architecture)
    implements Serializable {

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
    return new CheckpointSpec(name, uri, hash, format, input, output, labels, architecture);
  }

  public CheckpointSpec withUri(String location) {
    return new CheckpointSpec(name, location, sha256, format, input, output, labels, architecture);
  }
}
