package org.melep.pipeline;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.melep.score.ScoreColumns;
import org.melep.transfer.Metric;
import org.melep.transfer.spark.MetricScores;

/**
 * Checkpoints ranked per fold by MELEP (lower is better: easier transfer), under one weighting.
 * Groups without a MELEP value (degenerate or incomplete) are not ranked. With a {@code metric}
 * column ({@link MetricScores}), every metric is ranked on its own, in its direction (see {@link
 * Metric#higherIsBetter}); MELEP under the given weighting only.
 */
public final class Ranking {
  public static final String RANK = "rank";

  private Ranking() {}

  /** {@code fold_id, rank, checkpoint, melep, weighting}, ordered by fold and rank. */
  public static Dataset<Row> of(Dataset<Row> scores, String weighting) {
    if (java.util.Arrays.asList(scores.columns()).contains(MetricScores.METRIC)) {
      return ofMetrics(scores, weighting);
    }
    return scores
        .filter(
            col(ScoreColumns.WEIGHTING).equalTo(weighting).and(col(ScoreColumns.MELEP).isNotNull()))
        .withColumn(
            RANK,
            functions
                .row_number()
                .over(
                    Window.partitionBy(col(ScoreColumns.FOLD_ID))
                        .orderBy(col(ScoreColumns.MELEP), col(ScoreColumns.CHECKPOINT))))
        .select(
            col(ScoreColumns.FOLD_ID),
            col(RANK),
            col(ScoreColumns.CHECKPOINT),
            col(ScoreColumns.MELEP),
            col(ScoreColumns.WEIGHTING))
        .orderBy(col(ScoreColumns.FOLD_ID).cast("long"), col(ScoreColumns.FOLD_ID), col(RANK));
  }

  /**
   * {@code fold_id, metric, rank, checkpoint, value, weighting, melep}, by fold, metric and rank.
   */
  private static Dataset<Row> ofMetrics(Dataset<Row> scores, String weighting) {
    Column metric = col(MetricScores.METRIC);
    Column value = col(MetricScores.VALUE);
    Column higherIsBetter = functions.lit(false);
    for (Metric m : Metric.values()) {
      if (m.higherIsBetter()) {
        higherIsBetter = higherIsBetter.or(metric.equalTo(m.id()));
      }
    }
    return scores
        .filter(
            value
                .isNotNull()
                .and(
                    metric
                        .notEqual(Metric.MELEP.id())
                        .or(col(ScoreColumns.WEIGHTING).equalTo(weighting))))
        .withColumn(
            RANK,
            functions
                .row_number()
                .over(
                    Window.partitionBy(col(ScoreColumns.FOLD_ID), metric)
                        .orderBy(
                            functions.when(higherIsBetter, value.multiply(-1)).otherwise(value),
                            col(ScoreColumns.CHECKPOINT))))
        .select(
            col(ScoreColumns.FOLD_ID),
            metric,
            col(RANK),
            col(ScoreColumns.CHECKPOINT),
            value,
            col(ScoreColumns.WEIGHTING),
            col(ScoreColumns.MELEP))
        .orderBy(
            col(ScoreColumns.FOLD_ID).cast("long"), col(ScoreColumns.FOLD_ID), metric, col(RANK));
  }
}
