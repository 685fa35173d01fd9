package org.melep.pipeline;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.melep.score.ScoreColumns;

/**
 * Checkpoints ranked per fold by MELEP (lower is better: easier transfer), under one weighting.
 * Groups without a MELEP value (degenerate or incomplete) are not ranked.
 */
public final class Ranking {
  public static final String RANK = "rank";

  private Ranking() {}

  /** {@code fold_id, rank, checkpoint, melep, weighting}, ordered by fold and rank. */
  public static Dataset<Row> of(Dataset<Row> scores, String weighting) {
    return scores
        .filter(col(ScoreColumns.WEIGHTING).equalTo(weighting).and(col(ScoreColumns.MELEP).isNotNull()))
        .withColumn(
            RANK,
            functions.row_number()
                .over(Window.partitionBy(col(ScoreColumns.FOLD_ID)).orderBy(col(ScoreColumns.MELEP), col(ScoreColumns.CHECKPOINT))))
        .select(
            col(ScoreColumns.FOLD_ID),
            col(RANK),
            col(ScoreColumns.CHECKPOINT),
            col(ScoreColumns.MELEP),
            col(ScoreColumns.WEIGHTING))
        .orderBy(col(ScoreColumns.FOLD_ID).cast("long"), col(ScoreColumns.FOLD_ID), col(RANK));
  }
}
