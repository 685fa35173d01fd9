package org.melep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The shuffled baseline's input: each checkpoint's own predictions with the record ids permuted
 * (seeded) among that checkpoint's records, so the outputs keep their distribution but say nothing
 * about the record they are attached to. The permutation runs over all of a checkpoint's records,
 * not within each fold (folds overlap): on a fold, the shuffled outputs are a random draw from the
 * checkpoint's outputs on the whole table rather than on that fold's records.
 */
public final class ShuffledPredictions {
  private static final String INDEX = "_melep_shuffle_index";

  private ShuffledPredictions() {}

  public static Dataset<Row> permute(Dataset<Row> predictions, long seed) {
    WindowSpec byRandom =
        Window.partitionBy(ReportColumns.CHECKPOINT)
            .orderBy(xxhash64(col("record_id"), lit(seed)), col("record_id"));
    WindowSpec byId = Window.partitionBy(ReportColumns.CHECKPOINT).orderBy(col("record_id"));
    Dataset<Row> ids =
        predictions
            .select(col(ReportColumns.CHECKPOINT), col("record_id"))
            .withColumn(INDEX, row_number().over(byRandom));
    Dataset<Row> rows = predictions.withColumn(INDEX, row_number().over(byId)).drop("record_id");
    return rows.join(ids, ReportJoin.seq(ReportColumns.CHECKPOINT, INDEX)).drop(INDEX);
  }
}
