package org.melep.inference;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What a {@link PredictJob} did.
 *
 * @param path the predictions table
 * @param inferred rows computed by this run, per checkpoint of the zoo
 * @param reused rows of the zoo's checkpoints already in the table with the right sha256, kept
 * @param invalidated rows dropped because their checkpoint's sha256, its manifest contract or the
 *     record's signal changed (or they predate those keys)
 * @param failed checkpoints whose inference failed, with the reason (only with {@link
 *     PredictJob#isolateFailures}); their new rows are not written
 * @param written whether the table was rewritten (false when nothing was missing or stale)
 * @param modelLoads one {@code <executor id>/<checkpoint>} entry per model load on an executor
 * @param modelNanos time spent inside the models, summed over tasks
 * @param batchNanos time spent building batches, running models and making rows, summed over tasks
 */
public record PredictResult(
    String path,
    Map<String, Long> inferred,
    Map<String, Long> reused,
    Map<String, Long> invalidated,
    Map<String, String> failed,
    boolean written,
    List<String> modelLoads,
    long modelNanos,
    long batchNanos) {

  public long inferredTotal() {
    return inferred.values().stream().mapToLong(Long::longValue).sum();
  }

  public long reusedTotal() {
    return reused.values().stream().mapToLong(Long::longValue).sum();
  }

  public long invalidatedTotal() {
    return invalidated.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The predictions table as written (contract columns, {@code checkpoint} last). */
  public Dataset<Row> predictions(SparkSession spark) {
    return PredictionsTable.read(spark, path);
  }
}
