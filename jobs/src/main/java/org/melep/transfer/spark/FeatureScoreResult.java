package org.melep.transfer.spark;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The metric rows of a feature-scoring run (in {@link MetricScores#SCHEMA}), the physical plan of
 * its aggregation (where a reader can check that no prediction or feature row was shuffled), and
 * the checkpoints some chosen metrics failed for, each with the metrics and the status their groups
 * carry (e.g. {@code logme,hscore failed: features 16000 > limit 4096: ...}); empty when none did.
 */
public record FeatureScoreResult(
    Dataset<Row> scores, String aggregationPlan, Map<String, String> failedCheckpoints) {

  public FeatureScoreResult {
    failedCheckpoints = Map.copyOf(failedCheckpoints);
  }
}
