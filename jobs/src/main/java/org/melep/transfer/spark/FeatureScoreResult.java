package org.melep.transfer.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The metric rows of a feature-scoring run (in {@link MetricScores#SCHEMA}) and the physical plan
 * of its aggregation (where a reader can check that no prediction or feature row was shuffled).
 */
public record FeatureScoreResult(Dataset<Row> scores, String aggregationPlan) {}
