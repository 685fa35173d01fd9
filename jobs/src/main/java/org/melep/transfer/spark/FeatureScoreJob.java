package org.melep.transfer.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.melep.melep.InvalidPredictionException;
import org.melep.melep.ProbabilityCheck;
import org.melep.score.FoldMembership;
import org.melep.score.PredictionsInput;
import org.melep.score.ScoreColumns;
import org.melep.score.ScoreOptions;
import org.melep.score.TableReader;
import org.melep.score.TargetsTable;
import org.melep.status.Status;
import org.melep.transfer.FeatureStats;
import org.melep.transfer.Metric;
import org.melep.transfer.MetricFinisher;
import scala.Tuple2;

/**
 * LogME, H-score, NCE and GBC for every (fold, checkpoint) group in one Spark job and one pass over
 * a predictions table with a {@value #FEATURES} column ({@code array<float>}) and, for NCE, {@code
 * logits} or {@code probs}. The fold membership is broadcast-joined to the prediction rows; each
 * partition accumulates one {@link FeatureStats} per group and chunk of rows, group by group
 * ({@link PartitionFeatureStats}); only these states are shuffled and merged by {@link
 * FeatureStatsAggregator}; the metrics are finished in the reduce tasks. MELEP itself stays with
 * {@code org.melep.score.ScoreJob}.
 *
 * <pre>
 * FeatureScoreResult r = FeatureScoreJob.on(spark).predictions(p).targets(t).folds(f)
 *     .metrics(List.of(Metric.LOGME, Metric.GBC)).execute();
 * </pre>
 */
public final class FeatureScoreJob {
  public static final String FEATURES = "features";

  private final SparkSession spark;
  private Dataset<Row> predictions;
  private Map<String, List<String>> sourceLabels = Map.of();
  private Dataset<Row> targets;
  private String labelsColumn = ScoreColumns.LABELS;
  private List<String> targetLabels = List.of();
  private Dataset<Row> folds;
  private String split = "train";
  private List<Metric> metrics = List.of(Metric.LOGME);
  private boolean allowMissing = false;
  private long chunkBytes = 128L << 20;

  private FeatureScoreJob(SparkSession spark) {
    this.spark = spark;
  }

  public static FeatureScoreJob on(SparkSession spark) {
    return new FeatureScoreJob(spark);
  }

  /** {@code record_id, checkpoint, features [, logits|probs, source_labels]}. */
  public FeatureScoreJob predictions(Dataset<Row> table) {
    this.predictions = table;
    return this;
  }

  public FeatureScoreJob sourceLabels(Map<String, List<String>> labels) {
    this.sourceLabels = Map.copyOf(labels);
    return this;
  }

  public FeatureScoreJob targets(Dataset<Row> table) {
    this.targets = table;
    return this;
  }

  public FeatureScoreJob labelsColumn(String column) {
    this.labelsColumn = column;
    return this;
  }

  /** The targets' 0/1 label columns, as {@link org.melep.score.ScoreJob#targetLabels}. */
  public FeatureScoreJob targetLabels(List<String> columns) {
    this.targetLabels = List.copyOf(columns);
    return this;
  }

  public FeatureScoreJob folds(Dataset<Row> table) {
    this.folds = table;
    return this;
  }

  public FeatureScoreJob split(String value) {
    this.split = ScoreOptions.checkSplit(value);
    return this;
  }

  /** Split, missing records, label columns and source labels (weightings are MELEP's only). */
  public FeatureScoreJob with(ScoreOptions options) {
    this.split = options.split();
    this.allowMissing = options.allowMissing();
    this.labelsColumn = options.labelsColumn();
    this.targetLabels = options.targetLabels();
    this.sourceLabels = options.sourceLabels();
    return this;
  }

  /** The metrics to compute; {@code melep} is ignored here. */
  public FeatureScoreJob metrics(List<Metric> values) {
    List<Metric> chosen = values.stream().filter(m -> m != Metric.MELEP).toList();
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot score features: no metric other than melep chosen");
    }
    this.metrics = chosen;
    return this;
  }

  public FeatureScoreJob allowMissing(boolean value) {
    this.allowMissing = value;
    return this;
  }

  /**
   * Bytes of rows a task buffers before it walks them group by group (default 128 MiB); each chunk
   * emits one partial state per group it touches.
   */
  public FeatureScoreJob chunkBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException(
          "Cannot score features: the chunk size must be positive: " + bytes);
    }
    this.chunkBytes = bytes;
    return this;
  }

  public FeatureScoreResult execute() {
    if (predictions == null || targets == null) {
      throw new IllegalArgumentException(
          "Cannot score: both a predictions and a targets table are needed");
    }
    boolean needFeatures = metrics.stream().anyMatch(Metric::needsFeatures);
    boolean needOutputs = metrics.contains(Metric.NCE);
    boolean withGram = metrics.stream().anyMatch(Metric::needsGram);
    TableReader.requireColumn(predictions, ScoreColumns.RECORD_ID, "predictions");
    TableReader.requireColumn(predictions, ScoreColumns.CHECKPOINT, "predictions");
    if (needFeatures && !TableReader.hasColumn(predictions, FEATURES)) {
      throw new IllegalArgumentException(
          "Cannot score "
              + ids(metrics)
              + ": the predictions table has no "
              + FEATURES
              + " column; it has "
              + String.join(", ", predictions.columns()));
    }
    Map<String, List<String>> outputs =
        needOutputs ? PredictionsInput.of(predictions, sourceLabels).sourceLabels() : Map.of();
    Map<String, Integer> dims = needFeatures ? featureCounts(predictions) : Map.of();
    // a checkpoint with too many features for a Gram-matrix state: its LogME and H-score groups
    // fail (named), its other metrics and the other checkpoints are scored
    Map<String, Status.Failed> refused =
        withGram ? gramRefusals(dims, metrics) : Map.<String, Status.Failed>of();

    TreeSet<String> names = new TreeSet<>(needFeatures ? dims.keySet() : outputs.keySet());
    List<String> checkpoints = new ArrayList<>(names);
    Map<String, Integer> z = new HashMap<>();
    Map<String, Integer> d = new HashMap<>();
    for (String c : checkpoints) {
      z.put(c, needOutputs ? sizeOf(outputs, c) : 0);
      d.put(c, needFeatures ? dims.get(c) : 0);
    }
    Dataset<FeatureScoringRow> rows = validatedRows(predictions, needFeatures, needOutputs, d, z);

    TargetsTable targetTable = TargetsTable.of(targets, labelsColumn, targetLabels);
    FoldMembership membership = FoldMembership.of(targetTable, folds, split);
    try {
      List<Integer> y = new ArrayList<>();
      List<List<String>> labels = new ArrayList<>();
      for (int f = 0; f < membership.folds().size(); f++) {
        labels.add(membership.labels(f));
        y.add(membership.labels(f).size());
      }
      FeatureGroups groups =
          new FeatureGroups(
              y,
              checkpoints,
              checkpoints.stream().map(d::get).toList(),
              checkpoints.stream().map(z::get).toList(),
              checkpoints.stream().map(c -> withGram && !refused.containsKey(c)).toList());
      HashMap<Integer, Status.Failed> refusedByIndex = new HashMap<>();
      for (int c = 0; c < checkpoints.size(); c++) {
        if (refused.containsKey(checkpoints.get(c))) {
          refusedByIndex.put(c, refused.get(checkpoints.get(c)));
        }
      }
      int tasks =
          Math.min(predictions.rdd().getNumPartitions(), spark.sparkContext().defaultParallelism());
      Dataset<FeatureScoringRow> scoring =
          rows.toDF()
              .drop("memberships")
              .coalesce(Math.max(1, tasks))
              .join(broadcast(membership.memberships()), "recordId")
              .as(FeatureScoringRow.ENCODER);
      List<Metric> chosen = metrics;
      Dataset<FeatureStatsBuffer> merged =
          scoring
              .mapPartitions(
                  new PartitionFeatureStats(groups, chunkBytes), FeatureStatsBuffer.ENCODER)
              .groupByKey(
                  (MapFunction<FeatureStatsBuffer, Long>)
                      b -> FeatureGroups.key(b.getFoldIndex(), b.getCheckpointIndex()),
                  Encoders.LONG())
              .agg(new FeatureStatsAggregator().toColumn())
              .map(
                  (MapFunction<Tuple2<Long, FeatureStatsBuffer>, FeatureStatsBuffer>) Tuple2::_2,
                  FeatureStatsBuffer.ENCODER);
      // the finish steps (eigen-decompositions) are the costly part: spread the merged states over
      // the cores (an RDD shuffle of one state per group, which adaptive execution does not
      // coalesce into one task as it would the small aggregated output)
      int finishTasks =
          Math.max(
              1,
              Math.min(
                  groups.folds() * groups.checkpoints(),
                  2 * spark.sparkContext().defaultParallelism()));
      spark.sparkContext().setJobDescription("melep score: feature metrics " + ids(metrics));
      List<GroupMetrics> collected;
      try {
        collected =
            merged
                .toJavaRDD()
                .repartition(finishTasks)
                .map(
                    b ->
                        GroupMetrics.of(
                            b,
                            MetricFinisher.finish(
                                b.stats(),
                                labels.get(b.getFoldIndex()),
                                chosen,
                                refusedByIndex.get(b.getCheckpointIndex()))))
                .collect();
      } finally {
        spark.sparkContext().setJobDescription(null);
      }
      String plan = merged.queryExecution().executedPlan().toString();

      GroupMetrics[][] byGroup = new GroupMetrics[checkpoints.size()][membership.folds().size()];
      for (GroupMetrics g : collected) {
        byGroup[g.getCheckpointIndex()][g.getFoldIndex()] = g;
      }
      List<Row> out = new ArrayList<>();
      for (int f = 0; f < membership.folds().size(); f++) {
        String foldId = membership.folds().get(f);
        for (int c = 0; c < checkpoints.size(); c++) {
          GroupMetrics g = byGroup[c][f];
          if (g == null) {
            FeatureStats empty = groups.newState(c, f);
            g =
                GroupMetrics.of(
                    FeatureStatsBuffer.of(f, c, empty),
                    MetricFinisher.finish(empty, labels.get(f), metrics, refusedByIndex.get(c)));
          }
          for (int i = 0; i < g.getMetrics().length; i++) {
            out.add(
                row(
                    foldId,
                    checkpoints.get(c),
                    labels.get(f),
                    g,
                    i,
                    z.get(checkpoints.get(c)),
                    membership));
          }
        }
      }
      Map<String, String> failed = new java.util.TreeMap<>();
      String gramMetrics =
          String.join(",", metrics.stream().filter(Metric::needsGram).map(Metric::id).toList());
      refused.forEach((c, why) -> failed.put(c, gramMetrics + " " + why.text()));
      return new FeatureScoreResult(
          spark.createDataFrame(out, MetricScores.SCHEMA), plan, Map.copyOf(failed));
    } finally {
      membership.release();
    }
  }

  private Row row(
      String foldId,
      String checkpoint,
      List<String> labels,
      GroupMetrics g,
      int i,
      int z,
      FoldMembership membership) {
    long foldRecords = membership.records(foldId);
    long missingPredictions = foldRecords - g.getN();
    long missingTargets = membership.missingTargets(foldId);
    Status status = Status.parse(g.getStatuses()[i]);
    Double value = g.getDefined()[i] ? g.getValues()[i] : null;
    if (status instanceof Status.Failed) {
      value = null; // the checkpoint's failure names the cause, whatever the fold's coverage
    } else if (!allowMissing && g.getN() > 0 && (missingPredictions > 0 || missingTargets > 0)) {
      status = new Status.Incomplete(foldRecords, missingPredictions, missingTargets);
      value = null;
    } else if (g.getN() == 0 && foldRecords > 0) {
      status = new Status.Incomplete(foldRecords, foldRecords, missingTargets);
    }
    int from = g.getOffsets()[i];
    int to = g.getOffsets()[i + 1];
    Double[] perLabel = new Double[to - from];
    for (int k = from; k < to; k++) {
      perLabel[k - from] = g.getPerLabel()[k];
    }
    Long[] positives = new Long[g.getPositives().length];
    for (int k = 0; k < positives.length; k++) {
      positives[k] = g.getPositives()[k];
    }
    return RowFactory.create(
        foldId,
        checkpoint,
        split,
        g.getAveragings()[i],
        null,
        status.text(),
        g.getN(),
        labels.toArray(new String[0]),
        perLabel,
        positives,
        z,
        foldRecords,
        missingPredictions,
        missingTargets,
        g.getMetrics()[i],
        value);
  }

  private static String ids(List<Metric> metrics) {
    return String.join(",", metrics.stream().map(Metric::id).toList());
  }

  private static int sizeOf(Map<String, List<String>> outputs, String checkpoint) {
    List<String> l = outputs.get(checkpoint);
    if (l == null) {
      throw new IllegalArgumentException(
          "Cannot score nce: no source labels known for checkpoint "
              + checkpoint
              + " (add a source_labels column or a --source-labels file)");
    }
    return l.size();
  }

  /**
   * The largest feature count D for which a metric that keeps the D x D Gram matrix is computed
   * (each (fold, checkpoint) state holds 8 D^2 bytes: 128 MiB at 4096); the system property {@value
   * #MAX_GRAM_FEATURES_PROPERTY} raises it.
   */
  public static final int DEFAULT_MAX_GRAM_FEATURES = 4096;

  public static final String MAX_GRAM_FEATURES_PROPERTY = "melep.maxGramFeatures";

  /**
   * The checkpoints whose features are too many for a Gram-matrix state (more than the limit), each
   * with the status of its LogME and H-score groups: {@code failed: features D > limit L: ...}
   * naming the size such a state would take and how to raise the limit. Empty when every checkpoint
   * fits or no chosen metric keeps the Gram matrix.
   */
  static Map<String, Status.Failed> gramRefusals(Map<String, Integer> dims, List<Metric> metrics) {
    Map<String, Status.Failed> out = new java.util.TreeMap<>();
    if (metrics.stream().noneMatch(Metric::needsGram)) {
      return out;
    }
    int limit = Integer.getInteger(MAX_GRAM_FEATURES_PROPERTY, DEFAULT_MAX_GRAM_FEATURES);
    for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(dims).entrySet()) {
      if (e.getValue() > limit) {
        double gib = 8.0 * e.getValue() * e.getValue() / (1L << 30);
        out.put(
            e.getKey(),
            new Status.Failed(
                String.format(
                    java.util.Locale.ROOT,
                    "features %d > limit %d: a Gram-matrix state would take %.1f GiB per (fold,"
                        + " checkpoint) (-D%s=N raises the limit; name a smaller feature output)",
                    e.getValue(),
                    limit,
                    gib,
                    MAX_GRAM_FEATURES_PROPERTY)));
      }
    }
    return out;
  }

  /**
   * The feature count D of every checkpoint (the largest array; rows of another size fail later).
   */
  private static Map<String, Integer> featureCounts(Dataset<Row> raw) {
    Map<String, Integer> out = new HashMap<>();
    for (Row r :
        raw.select(
                col(ScoreColumns.CHECKPOINT).cast(DataTypes.StringType).as(ScoreColumns.CHECKPOINT),
                size(TableReader.asArray(raw, FEATURES, DataTypes.FloatType, "predictions"))
                    .as("d"))
            .groupBy(col(ScoreColumns.CHECKPOINT))
            .agg(max(col("d")))
            .collectAsList()) {
      if (r.isNullAt(0)) {
        throw new InvalidPredictionException("Cannot use a prediction row without checkpoint");
      }
      int d = r.isNullAt(1) ? -1 : r.getInt(1);
      if (d < 1) {
        throw new InvalidPredictionException(
            "Cannot use the features of checkpoint " + r.getString(0) + ": no row has any feature");
      }
      out.put(r.getString(0), d);
    }
    return out;
  }

  private static Dataset<FeatureScoringRow> validatedRows(
      Dataset<Row> raw,
      boolean needFeatures,
      boolean needOutputs,
      Map<String, Integer> d,
      Map<String, Integer> z) {
    Column nullDoubles = lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType));
    Column nullFloats = lit(null).cast(DataTypes.createArrayType(DataTypes.FloatType));
    boolean hasLogits = TableReader.hasColumn(raw, ScoreColumns.LOGITS);
    boolean hasProbs = TableReader.hasColumn(raw, ScoreColumns.PROBS);
    Dataset<Row> typed =
        raw.select(
            col(ScoreColumns.CHECKPOINT).cast(DataTypes.StringType),
            col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType),
            (needFeatures
                ? TableReader.asArray(raw, FEATURES, DataTypes.FloatType, "predictions")
                : nullFloats),
            (needOutputs && hasLogits
                ? TableReader.asArray(raw, ScoreColumns.LOGITS, DataTypes.DoubleType, "predictions")
                : nullDoubles),
            (needOutputs && hasProbs
                ? TableReader.asArray(raw, ScoreColumns.PROBS, DataTypes.DoubleType, "predictions")
                : nullDoubles));
    return typed.map(
        (MapFunction<Row, FeatureScoringRow>) r -> validate(r, needFeatures, needOutputs, d, z),
        FeatureScoringRow.ENCODER);
  }

  private static FeatureScoringRow validate(
      Row r,
      boolean needFeatures,
      boolean needOutputs,
      Map<String, Integer> d,
      Map<String, Integer> z) {
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
    FeatureScoringRow out = new FeatureScoringRow();
    out.setCheckpoint(checkpoint);
    out.setRecordId(record);
    out.setFeatures(new float[0]);
    out.setTheta(new double[0]);
    if (needFeatures) {
      if (r.isNullAt(2)) {
        throw new InvalidPredictionException(
            "Cannot use the features of " + where + ": column features is null");
      }
      List<Object> list = r.getList(2);
      int expected = d.get(checkpoint);
      if (list.size() != expected) {
        throw new InvalidPredictionException(
            "Cannot use the features of "
                + where
                + ": "
                + list.size()
                + " features, expected "
                + expected
                + " (the checkpoint's other rows)");
      }
      float[] f = new float[list.size()];
      for (int j = 0; j < f.length; j++) {
        Object v = list.get(j);
        if (v == null || !Float.isFinite((Float) v)) {
          throw new InvalidPredictionException(
              "Cannot use the features of "
                  + where
                  + ": feature #"
                  + j
                  + " is "
                  + v
                  + " (must be a finite number)");
        }
        f[j] = (Float) v;
      }
      out.setFeatures(f);
    }
    if (needOutputs) {
      int zn = z.get(checkpoint);
      boolean logits = !r.isNullAt(3);
      boolean probs = !r.isNullAt(4);
      if (logits == probs) {
        throw new InvalidPredictionException(
            "Cannot use predictions of "
                + where
                + ": exactly one of logits and probs must be set, "
                + (logits ? "both are" : "neither is"));
      }
      List<Object> list = r.getList(logits ? 3 : 4);
      double[] values = new double[list.size()];
      for (int j = 0; j < values.length; j++) {
        Object v = list.get(j);
        if (v == null) {
          throw new InvalidPredictionException(
              "Cannot use predictions of " + where + ": output #" + j + " is null");
        }
        values[j] = (Double) v;
      }
      double[] theta = values;
      if (logits) {
        theta = new double[zn];
        ProbabilityCheck.logitsToProbabilities(values, zn, theta, where);
      } else {
        ProbabilityCheck.requireProbabilities(values, zn, where);
      }
      out.setTheta(theta);
    }
    return out;
  }
}
