package org.melep.pipeline;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outputs of a scoring run: the scores table (one row per fold x checkpoint x weighting), the
 * ranking (checkpoints per fold by MELEP, lower first) and the run summary.
 */
public record PipelineResult(Dataset<Row> scores, Dataset<Row> ranking, PipelineSummary summary) {}
