package org.melep.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.melep.melep.InvalidPredictionException;
import org.melep.melep.ProbabilityCheck;

/**
 * The predictions table as the scorer needs it: {@code (checkpoint, record_id, theta)} with theta
 * validated probabilities (logits go through a stable sigmoid), and each checkpoint's ordered
 * source label names, from a {@code source_labels} column or a side map.
 */
public final class PredictionsInput {
  private final Dataset<PredictionProbabilities> rows;
  private final Map<String, List<String>> sourceLabels;

  private PredictionsInput(Dataset<PredictionProbabilities> rows, Map<String, List<String>> sourceLabels) {
    this.rows = rows;
    this.sourceLabels = sourceLabels;
  }

  public Dataset<PredictionProbabilities> rows() {
    return rows;
  }

  /** Checkpoint name to its ordered source label names. */
  public Map<String, List<String>> sourceLabels() {
    return sourceLabels;
  }

  /**
   * Normalizes a raw predictions table. {@code sideLabels} (may be empty) gives source labels for
   * checkpoints whose rows carry no {@code source_labels} column.
   */
  public static PredictionsInput of(Dataset<Row> raw, Map<String, List<String>> sideLabels) {
    TableReader.requireColumn(raw, ScoreColumns.RECORD_ID, "predictions");
    TableReader.requireColumn(raw, ScoreColumns.CHECKPOINT, "predictions");
    boolean hasLogits = TableReader.hasColumn(raw, ScoreColumns.LOGITS);
    boolean hasProbs = TableReader.hasColumn(raw, ScoreColumns.PROBS);
    if (!hasLogits && !hasProbs) {
      throw new IllegalArgumentException(
          "Cannot read the predictions table: it needs a logits or a probs column; it has "
              + String.join(", ", raw.columns()));
    }
    Column nullArray = lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> typed =
        raw.select(
            col(ScoreColumns.CHECKPOINT).cast(DataTypes.StringType).as(ScoreColumns.CHECKPOINT),
            col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType).as(ScoreColumns.RECORD_ID),
            (hasLogits ? TableReader.asArray(raw, ScoreColumns.LOGITS, DataTypes.DoubleType, "predictions") : nullArray)
                .as(ScoreColumns.LOGITS),
            (hasProbs ? TableReader.asArray(raw, ScoreColumns.PROBS, DataTypes.DoubleType, "predictions") : nullArray)
                .as(ScoreColumns.PROBS));

    Map<String, List<String>> labels = new HashMap<>(sideLabels);
    if (TableReader.hasColumn(raw, ScoreColumns.SOURCE_LABELS)) {
      List<Row> perCheckpoint =
          raw.select(
                  col(ScoreColumns.CHECKPOINT).cast(DataTypes.StringType),
                  TableReader.asArray(raw, ScoreColumns.SOURCE_LABELS, DataTypes.StringType, "predictions"))
              .groupBy(col(ScoreColumns.CHECKPOINT))
              .agg(functions.collect_set(col(ScoreColumns.SOURCE_LABELS)).as("sets"))
              .collectAsList();
      for (Row r : perCheckpoint) {
        String checkpoint = r.getString(0);
        List<List<String>> sets = org.melep.spark.RowLists.nested(r, 1);
        if (sets.size() != 1) {
          throw new IllegalArgumentException(
              "Cannot read the predictions table: checkpoint " + checkpoint + " has "
                  + sets.size() + " different source label lists");
        }
        labels.put(checkpoint, List.copyOf(sets.get(0)));
      }
    }
    Map<String, Integer> outputs = new HashMap<>();
    labels.forEach((k, v) -> outputs.put(k, v.size()));
    Dataset<PredictionProbabilities> rows =
        typed.map((MapFunction<Row, PredictionProbabilities>) r -> validate(r, outputs), PredictionProbabilities.ENCODER);
    return new PredictionsInput(rows, Map.copyOf(labels));
  }

  private static PredictionProbabilities validate(Row r, Map<String, Integer> outputs) {
    String checkpoint = r.getString(0);
    String record = r.getString(1);
    if (checkpoint == null || record == null) {
      throw new InvalidPredictionException(
          "Cannot use a prediction row without " + (checkpoint == null ? "checkpoint" : "record_id")
              + ": checkpoint " + checkpoint + ", record " + record);
    }
    String where = "checkpoint " + checkpoint + ", record " + record;
    Integer z = outputs.get(checkpoint);
    if (z == null) {
      throw new InvalidPredictionException(
          "Cannot use predictions of " + where + ": no source labels known for the checkpoint "
              + "(add a source_labels column or a --source-labels file)");
    }
    boolean hasLogits = !r.isNullAt(2);
    boolean hasProbs = !r.isNullAt(3);
    if (hasLogits == hasProbs) {
      throw new InvalidPredictionException(
          "Cannot use predictions of " + where + ": exactly one of logits and probs must be set, "
              + (hasLogits ? "both are" : "neither is"));
    }
    double[] values = toDoubles(r.getList(hasLogits ? 2 : 3), where);
    double[] theta;
    if (hasLogits) {
      theta = new double[z];
      ProbabilityCheck.logitsToProbabilities(values, z, theta, where);
    } else {
      ProbabilityCheck.requireProbabilities(values, z, where);
      theta = values;
    }
    return new PredictionProbabilities(checkpoint, record, theta);
  }

  private static double[] toDoubles(List<Object> list, String where) {
    double[] out = new double[list.size()];
    for (int j = 0; j < out.length; j++) {
      Object v = list.get(j);
      if (v == null) {
        throw new InvalidPredictionException("Cannot use predictions of " + where + ": output #" + j + " is null");
      }
      out[j] = ((Number) v).doubleValue();
    }
    return out;
  }
}
