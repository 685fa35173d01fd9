package org.melep.train;

import java.io.Serializable;
import java.util.List;
import org.melep.zoo.CheckpointSpec;

/**
 * One (fold, checkpoint, seed) fine-tuning run: a Spark task of {@link FinetuneJob}.
 *
 * @param sha256 the checkpoint's manifest {@code sha256} (the results key)
 * @param sourceDataset the dataset the checkpoint was pretrained on, when known
 */
public record FinetuneTask(
    int index,
    String foldId,
    List<String> labels,
    CheckpointSpec checkpoint,
    String sha256,
    String sourceDataset,
    String mode,
    TrainSettings settings)
    implements Serializable {

  public int seed() {
    return (int) settings.seed();
  }
}
