package org.melep.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
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
  private final Dataset<CheckedPrediction> checked;
  private final Map<String, List<String>> sourceLabels;

  private final Map<String, String> failures;

  private PredictionsInput(
      Dataset<CheckedPrediction> checked,
      Map<String, List<String>> sourceLabels,
      Map<String, String> failures) {
    this.checked = checked;
    this.sourceLabels = sourceLabels;
    this.failures = failures;
  }

  /**
   * Checkpoints that cannot be scored for their source labels (none, or two lists), with the
   * reason; bad rows are found from {@link #checked()} by {@link #rowFailures}.
   */
  public Map<String, String> failures() {
    return failures;
  }

  /** Every row with its check: validated probabilities or the row's problem (lazy). */
  public Dataset<CheckedPrediction> checked() {
    return checked;
  }

  /**
   * Adds to {@code failures} (if absent) each checkpoint with bad rows in {@code checked} ("1 bad
   * prediction row: ..." or "n bad prediction rows, e.g. ..."), then each checkpoint with two or
   * more predictions for a record ("n records have more than one prediction, e.g. record r"), from
   * one query (an aggregation by (checkpoint, record), then by checkpoint); a row without a
   * checkpoint fails the whole table. Returns the number of rows of the checkpoints that did not
   * fail for their labels or rows.
   */
  public static long rowFailures(Dataset<CheckedPrediction> checked, Map<String, String> failures) {
    Column n = col("n");
    List<Row> perCheckpoint =
        checked
            .groupBy(col(ScoreColumns.CHECKPOINT), col("recordId"))
            .agg(
                functions.count(lit(1)).as("n"),
                functions.count(col("problem")).as("bad"),
                functions.min(col("problem")).as("problem"))
            .groupBy(col(ScoreColumns.CHECKPOINT))
            .agg(
                functions.sum(n),
                functions.sum(col("bad")),
                functions.min(col("problem")),
                functions.count(functions.when(n.gt(1), lit(1))),
                functions.min(functions.when(n.gt(1), col("recordId"))))
            .collectAsList();
    for (Row r : perCheckpoint) {
      String checkpoint = r.getString(0);
      long bad = r.getLong(2);
      if (bad == 0) {
        continue;
      }
      String problem = r.getString(3);
      if (checkpoint == null) {
        throw new InvalidPredictionException(problem);
      }
      failures.putIfAbsent(
          checkpoint,
          (bad == 1 ? "1 bad prediction row: " : bad + " bad prediction rows, e.g. ") + problem);
    }
    long usable = 0;
    for (Row r : perCheckpoint) {
      if (!failures.containsKey(r.getString(0))) {
        usable += r.getLong(1);
      }
    }
    for (Row r : perCheckpoint) {
      long twice = r.getLong(4);
      if (twice > 0) {
        failures.putIfAbsent(
            r.getString(0),
            twice
                + (twice == 1 ? " record has" : " records have")
                + " more than one prediction, e.g. record "
                + r.getString(5));
      }
    }
    return usable;
  }

  /** The usable rows of {@code checked}: no problem, checkpoint not in {@code failed}. */
  public static Dataset<PredictionProbabilities> usable(
      Dataset<CheckedPrediction> checked, Set<String> failed) {
    Column keep = col("problem").isNull();
    if (!failed.isEmpty()) {
      keep = keep.and(functions.not(col(ScoreColumns.CHECKPOINT).isin(failed.toArray())));
    }
    return checked
        .filter(keep)
        .select(col(ScoreColumns.CHECKPOINT), col("recordId"), col("theta"))
        .as(PredictionProbabilities.ENCODER);
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
      Map<String, List<List<String>>> perCheckpoint =
          DistinctLists.perKey(
              raw.select(
                  col(ScoreColumns.CHECKPOINT).cast(DataTypes.StringType),
                  TableReader.asArray(
                      raw, ScoreColumns.SOURCE_LABELS, DataTypes.StringType, "predictions")));
      perCheckpoint.forEach(
          (checkpoint, sets) -> {
            if (sets.size() > 1) {
              failures.put(checkpoint, sets.size() + " different source_labels lists");
            } else if (sets.size() == 1) {
              labels.put(checkpoint, List.copyOf(sets.get(0)));
            }
          });
    }
    labels.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            failures.put(k, "an empty source label list");
          }
        });
    Map<String, Integer> outputs = new HashMap<>();
    labels.forEach((k, v) -> outputs.put(k, v.size()));
    Set<String> failed = Set.copyOf(failures.keySet());
    Dataset<CheckedPrediction> checked =
        raw.sparkSession()
            .createDataset(
                typed
                    .queryExecution()
                    .toRdd()
                    .toJavaRDD()
                    .mapPartitions(new CheckRows(outputs, failed))
                    .rdd(),
                CheckedPrediction.ENCODER);
    return new PredictionsInput(checked, Map.copyOf(labels), Map.copyOf(failures));
  }

  /**
   * Why the row {@code (checkpoint, record_id, logits, probs)} cannot be scored, or null when it
   * can. {@code outputs} is the number of source labels per known checkpoint.
   */
  public static String problem(Row r, Map<String, Integer> outputs) {
    try {
      validate(r, outputs);
      return null;
    } catch (InvalidPredictionException | ClassCastException e) {
      return problem(r, e);
    }
  }

  private static String problem(Row r, RuntimeException e) {
    return e instanceof InvalidPredictionException
        ? e.getMessage()
        : "Cannot use predictions of checkpoint "
            + r.get(0)
            + ", record "
            + r.get(1)
            + ": "
            + e.getMessage();
  }

  private static PredictionProbabilities validate(Row r, Map<String, Integer> outputs) {
    boolean hasLogits = !r.isNullAt(2);
    return validate(
        r.getString(0),
        r.getString(1),
        hasLogits,
        !r.isNullAt(3),
        where -> toDoubles(r.getList(hasLogits ? 2 : 3), where),
        outputs);
  }

  /**
   * The checks of one row, whichever way it is read: ids, known source labels, exactly one of
   * logits and probs, then {@code values} (the one set, decoded; it throws on a null element) and
   * their range and count.
   */
  private static PredictionProbabilities validate(
      String checkpoint,
      String record,
      boolean hasLogits,
      boolean hasProbs,
      java.util.function.Function<String, double[]> values,
      Map<String, Integer> outputs) {
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
    if (hasLogits == hasProbs) {
      throw new InvalidPredictionException(
          "Cannot use predictions of "
              + where
              + ": exactly one of logits and probs must be set, "
              + (hasLogits ? "both are" : "neither is"));
    }
    double[] v = values.apply(where);
    double[] theta;
    if (hasLogits) {
      theta = new double[z];
      ProbabilityCheck.logitsToProbabilities(v, z, theta, where);
    } else {
      ProbabilityCheck.requireProbabilities(v, z, where);
      theta = v;
    }
    return new PredictionProbabilities(checkpoint, record, theta);
  }

  /**
   * Checks the {@code (checkpoint, record_id, logits, probs)} internal rows of a partition (no
   * conversion to {@code Row}, no boxing), with the messages of {@link #problem(Row, Map)}; rows of
   * checkpoints already failed are kept without probabilities (never scored) and without a problem
   * (their checkpoint's failure is known).
   */
  static final class CheckRows
      implements FlatMapFunction<Iterator<InternalRow>, CheckedPrediction> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> outputs;
    private final Set<String> failed;

    CheckRows(Map<String, Integer> outputs, Set<String> failed) {
      this.outputs = new HashMap<>(outputs);
      this.failed = Set.copyOf(failed);
    }

    @Override
    public Iterator<CheckedPrediction> call(Iterator<InternalRow> rows) {
      KernelWarmup.startOnce(); // each executor's JVM, while its inputs are checked
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public CheckedPrediction next() {
          InternalRow r = rows.next();
          String checkpoint = r.isNullAt(0) ? null : r.getUTF8String(0).toString();
          String record = r.isNullAt(1) ? null : r.getUTF8String(1).toString();
          CheckedPrediction out = new CheckedPrediction();
          out.setCheckpoint(checkpoint);
          out.setRecordId(record);
          if (checkpoint != null && failed.contains(checkpoint)) {
            return out;
          }
          boolean hasLogits = !r.isNullAt(2);
          try {
            out.setTheta(
                validate(
                        checkpoint,
                        record,
                        hasLogits,
                        !r.isNullAt(3),
                        where -> toDoubles(r.getArray(hasLogits ? 2 : 3), where),
                        outputs)
                    .getTheta());
          } catch (InvalidPredictionException e) {
            out.setProblem(e.getMessage());
          }
          return out;
        }
      };
    }
  }

  private static double[] toDoubles(ArrayData values, String where) {
    int n = values.numElements();
    for (int j = 0; j < n; j++) {
      if (values.isNullAt(j)) {
        throw new InvalidPredictionException(
            "Cannot use predictions of " + where + ": output #" + j + " is null");
      }
    }
    return values.toDoubleArray();
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
