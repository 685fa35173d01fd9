package org.melep.train;

import java.io.Serializable;
import java.util.List;

/**
 * One (dataset, architecture) pretraining run: a Spark task of {@link PretrainJob}.
 *
 * @param labelSet the corpus label set ({@code labels_<set>}) the checkpoint learns
 * @param labels the set's labels in output order
 */
public record PretrainTask(
    int index,
    String checkpoint,
    String dataset,
    String architecture,
    String labelSet,
    List<String> labels,
    TrainSettings settings)
    implements Serializable {}
