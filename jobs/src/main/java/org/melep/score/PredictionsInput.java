package org.melep.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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

  private final Map<String, String> failures;

  private PredictionsInput(
      Dataset<PredictionProbabilities> rows,
      Map<String, List<String>> sourceLabels,
      Map<String, String> failures) {
    this.rows = rows;
    this.sourceLabels = sourceLabels;
    this.failures = failures;
  }

  /**
   * Checkpoints that cannot be scored, with the reason: a bad prediction row (NaN, out-of-range
   * probability, wrong output count, no source labels, ...) or two source label lists. Their rows
   * are not in {@link #rows()}.
   */
  public Map<String, String> failures() {
    return failures;
  }

  /** Validated rows of the checkpoints that did not fail. */
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
            (hasLogits
                    ? TableReader.asArray(
                        raw, ScoreColumns.LOGITS, DataTypes.DoubleType, "predictions")
                    : nullArray)
                .as(ScoreColumns.LOGITS),
            (hasProbs
                    ? TableReader.asArray(
                        raw, ScoreColumns.PROBS, DataTypes.DoubleType, "predictions")
                    : nullArray)
                .as(ScoreColumns.PROBS));

    Map<String, List<String>> labels = new HashMap<>(sideLabels);
    Map<String, String> failures = new TreeMap<>();
    if (TableReader.hasColumn(raw, ScoreColumns.SOURCE_LABELS)) {
      List<Row> perCheckpoint =
          raw.select(
                  col(ScoreColumns.CHECKPOINT)
                      .cast(DataTypes.StringType)
                      .as(ScoreColumns.CHECKPOINT),
                  TableReader.asArray(
                          raw, ScoreColumns.SOURCE_LABELS, DataTypes.StringType, "predictions")
                      .as(ScoreColumns.SOURCE_LABELS))
              .groupBy(col(ScoreColumns.CHECKPOINT))
              .agg(functions.collect_set(col(ScoreColumns.SOURCE_LABELS)).as("sets"))
              .collectAsList();
      for (Row r : perCheckpoint) {
        String checkpoint = r.getString(0);
        if (checkpoint == null) {
          continue; // reported below, with a record
        }
        List<List<String>> sets = org.melep.spark.RowLists.nested(r, 1);
        if (sets.size() > 1) {
          failures.put(checkpoint, sets.size() + " different source_labels lists");
        } else if (sets.size() == 1) {
          labels.put(checkpoint, List.copyOf(sets.get(0)));
        }
      }
    }
    labels.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            failures.put(k, "an empty source label list");
          }
        });
    Map<String, Integer> outputs = new HashMap<>();
    labels.forEach((k, v) -> outputs.put(k, v.size()));
    // one pass over the rows finds each checkpoint's bad rows; a checkpoint with one fails as a
    // whole and its rows never reach the scoring passes
    for (Row r :
        typed
            .flatMap(
                (FlatMapFunction<Row, Row>) row -> problems(row, outputs), Encoders.row(PROBLEMS))
            .groupBy(col(ScoreColumns.CHECKPOINT))
            .agg(functions.count(functions.lit(1)), functions.min(col("problem")))
            .collectAsList()) {
      String checkpoint = r.getString(0);
      String problem = r.getString(2);
      if (checkpoint == null) {
        throw new InvalidPredictionException(problem);
      }
      long n = r.getLong(1);
      failures.putIfAbsent(
          checkpoint,
          (n == 1 ? "1 bad prediction row: " : n + " bad prediction rows, e.g. ") + problem);
    }
    Set<String> failed = Set.copyOf(failures.keySet());
    Dataset<PredictionProbabilities> rows =
        typed
            .filter((FilterFunction<Row>) r -> !failed.contains(r.getString(0)))
            .map(
                (MapFunction<Row, PredictionProbabilities>) r -> validate(r, outputs),
                PredictionProbabilities.ENCODER);
    return new PredictionsInput(rows, Map.copyOf(labels), Map.copyOf(failures));
  }

  private static final StructType PROBLEMS =
      new StructType()
          .add(ScoreColumns.CHECKPOINT, DataTypes.StringType, true)
          .add("problem", DataTypes.StringType, false);

  /** The row's problem (checkpoint, message), or nothing when the row is usable. */
  private static Iterator<Row> problems(Row r, Map<String, Integer> outputs) {
    String problem = problem(r, outputs);
    return problem == null
        ? Collections.emptyIterator()
        : List.of(RowFactory.create(r.getString(0), problem)).iterator();
  }

  /**
   * Why the row {@code (checkpoint, record_id, logits, probs)} cannot be scored, or null when it
   * can. {@code outputs} is the number of source labels per known checkpoint.
   */
  public static String problem(Row r, Map<String, Integer> outputs) {
    try {
      validate(r, outputs);
      return null;
    } catch (InvalidPredictionException e) {
      return e.getMessage();
    } catch (ClassCastException e) {
      return "Cannot use predictions of checkpoint "
          + r.get(0)
          + ", record "
          + r.get(1)
          + ": "
          + e.getMessage();
    }
  }

  private static PredictionProbabilities validate(Row r, Map<String, Integer> outputs) {
    String checkpoint = r.getString(0);
    String record = r.getString(1);
    if (checkpoint == null || record == null) {
      throw new InvalidPredictionException(
          "Cannot use a prediction row without "
              + (checkpoint == null ? "checkpoint" : "record_id")
              + ": checkpoint "
              + checkpoint
              + ", record "
              + record);
    }
    String where = "checkpoint " + checkpoint + ", record " + record;
    Integer z = outputs.get(checkpoint);
    if (z == null) {
      throw new InvalidPredictionException(
          "Cannot use predictions of "
              + where
              + ": no source labels known for the checkpoint "
              + "(add a source_labels column or a --source-labels file)");
    }
    boolean hasLogits = !r.isNullAt(2);
    boolean hasProbs = !r.isNullAt(3);
    if (hasLogits == hasProbs) {
      throw new InvalidPredictionException(
          "Cannot use predictions of "
              + where
              + ": exactly one of logits and probs must be set, "
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
        throw new InvalidPredictionException(
            "Cannot use predictions of " + where + ": output #" + j + " is null");
      }
      if (!(v instanceof Number n)) {
        throw new InvalidPredictionException(
            "Cannot use predictions of " + where + ": output #" + j + " is not a number: " + v);
      }
      out[j] = n.doubleValue();
    }
    return out;
  }
}
