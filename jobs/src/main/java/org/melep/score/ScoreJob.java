package org.melep.score;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.melep.melep.ConditionalTable;
import org.melep.melep.ConditionalTables;
import org.melep.melep.InvalidPredictionException;
import org.melep.melep.MelepCalculator;
import org.melep.melep.MelepResult;
import org.melep.melep.PhiSums;
import org.melep.melep.Weighting;
import org.melep.spark.FaultInjection;
import org.melep.spark.SideJob;
import org.melep.spark.StageTimer;
import org.melep.stats.JointCounts;
import org.melep.status.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MELEP for every (fold, checkpoint) group in one Spark job, from a predictions table, a targets
 * table and an optional folds table.
 *
 * <p>Plan: the predictions are checked and cached in one pass ({@link CheckedPrediction}: the bad
 * rows are counted per checkpoint from the cache); the fold membership (each record's folds and
 * positives, {@link FoldMembership}) is built on the driver when the tables fit ({@link
 * DriverFoldMembership}) and broadcast as one map, read by each task instead of a join, so no
 * prediction row is shuffled; pass 1 accumulates {@link JointCounts} per group map-side, merged on
 * the driver or by {@link JointCountsAggregator} ({@link PartialStates}); the driver turns each
 * into a {@link ConditionalTable} and broadcasts them all as one flat {@link ConditionalTables};
 * pass 2 accumulates {@link PhiSums} over the same cached rows, merged the same way ({@link
 * PhiSumsAggregator}); the driver finishes MELEP per group and weighting.
 *
 * <pre>
 * ScoreResult r = ScoreJob.on(spark).predictions(p).targets(t).folds(f).execute();
 * </pre>
 */
public final class ScoreJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  /** Stage names of the summary, in the order it lists them (some stages overlap in time). */
  private static final String VALIDATE = "validate predictions";

  private static final String READ = "read and validate predictions";
  private static final String MEMBERSHIP = "fold membership";
  private static final String COVERAGE = "coverage";
  private static final String PASS_ONE = "pass 1 (joint counts)";
  private static final String PASS_TWO = "pass 2 (phi)";

  private final SparkSession spark;
  private Dataset<Row> predictions;
  private Map<String, List<String>> sourceLabels = ScoreOptions.DEFAULTS.sourceLabels();
  private Dataset<Row> targets;
  private String labelsColumn = ScoreOptions.DEFAULTS.labelsColumn();
  private Dataset<Row> folds;
  private String split = ScoreOptions.DEFAULTS.split();
  private List<Weighting> weightings = ScoreOptions.DEFAULTS.weightings();
  private boolean allowMissing = ScoreOptions.DEFAULTS.allowMissing();
  private List<String> targetLabels = ScoreOptions.DEFAULTS.targetLabels();
  private Map<String, String> failedCheckpoints = Map.of();
  private String targetsName = "the targets";
  private boolean requireSharedLabels = false;

  private ScoreJob(SparkSession spark) {
    this.spark = spark;
  }

  public static ScoreJob on(SparkSession spark) {
    return new ScoreJob(spark);
  }

  /** Split, weightings, missing records, label columns and source labels at once. */
  public ScoreJob with(ScoreOptions options) {
    this.split = options.split();
    this.weightings = options.weightings();
    this.allowMissing = options.allowMissing();
    this.labelsColumn = options.labelsColumn();
    this.targetLabels = options.targetLabels();
    this.sourceLabels = options.sourceLabels();
    return this;
  }

  /** {@code record_id, checkpoint, logits|probs [, source_labels]}. */
  public ScoreJob predictions(Dataset<Row> table) {
    this.predictions = table;
    return this;
  }

  /** Source label names per checkpoint, for predictions without a {@code source_labels} column. */
  public ScoreJob sourceLabels(Map<String, List<String>> labels) {
    this.sourceLabels = ScoreOptions.checkSourceLabels(labels);
    return this;
  }

  /** {@code record_id} and a {@code labels} array column, or one 0/1 column per label. */
  public ScoreJob targets(Dataset<Row> table) {
    this.targets = table;
    return this;
  }

  public ScoreJob labelsColumn(String column) {
    this.labelsColumn = ScoreOptions.DEFAULTS.withLabelsColumn(column).labelsColumn();
    return this;
  }

  /**
   * The targets' 0/1 label columns, chosen explicitly; empty (default): the labels column when the
   * table has it, else every column but {@code record_id} (see {@link TargetsTable}).
   */
  public ScoreJob targetLabels(List<String> columns) {
    this.targetLabels = ScoreOptions.checkTargetLabels(columns);
    return this;
  }

  /**
   * Fail (invalid input) instead of scoring when every fold has a label no target record has, so
   * that every group would be degenerate ({@link FoldsInput#requireSharedLabels}); default false:
   * such groups are scored as degenerate. The CLI sets it.
   */
  public ScoreJob requireSharedLabels(boolean value) {
    this.requireSharedLabels = value;
    return this;
  }

  /** How error messages call the targets (e.g. the corpus column they come from). */
  public ScoreJob targetsName(String name) {
    this.targetsName = name;
    return this;
  }

  /**
   * Checkpoints already known to have failed (e.g. in inference), with the reason: their groups are
   * reported {@code failed: <reason>} and their rows are not scored.
   */
  public ScoreJob failedCheckpoints(Map<String, String> reasons) {
    this.failedCheckpoints = Map.copyOf(reasons);
    return this;
  }

  /** {@code fold_id, record_id, split [, labels]}; without it the targets are one fold. */
  public ScoreJob folds(Dataset<Row> table) {
    this.folds = table;
    return this;
  }

  /** {@code train} (default), {@code test} or {@code all}. */
  public ScoreJob split(String value) {
    this.split = ScoreOptions.checkSplit(value);
    return this;
  }

  public ScoreJob weightings(List<Weighting> values) {
    this.weightings = ScoreOptions.checkWeightings(values);
    return this;
  }

  /** Score groups even when some fold records lack a prediction or targets (counted either way). */
  public ScoreJob allowMissing(boolean value) {
    this.allowMissing = value;
    return this;
  }

  public ScoreResult execute() {
    if (predictions == null || targets == null) {
      throw new IllegalArgumentException(
          "Cannot score: both a predictions and a targets table are needed");
    }
    KernelWarmup.startOnce(); // the driver's JVM (the executors' too in local mode)
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    StageTimer timer =
        new StageTimer(spark, "melep score: ")
            .order(VALIDATE, READ, MEMBERSHIP, COVERAGE, PASS_ONE, PASS_TWO);
    // the targets and folds are read and the fold membership built on a second driver thread while
    // this one checks the predictions: both are chains of small jobs that leave cores idle between
    // stages. A prediction error is still the one reported first: the membership's is thrown only
    // once the predictions passed, and the membership is cancelled when they fail.
    SideJob<TargetsAndMembership> sideMembership =
        SideJob.start(
            spark,
            MEMBERSHIP,
            () -> {
              TargetsTable t = TargetsTable.of(targets, labelsColumn, targetLabels);
              return new TargetsAndMembership(
                  t, timer.time(MEMBERSHIP, () -> FoldMembership.of(t, folds, split)));
            });
    SideJob<long[]> sideCoverage = null;
    Map<String, String> failures = new TreeMap<>(failedCheckpoints);
    List<Runnable> releases = new ArrayList<>();
    try {
      PredictionsInput table =
          timer.time(VALIDATE, () -> PredictionsInput.of(predictions, sourceLabels));
      table.failures().forEach(failures::putIfAbsent);
      Dataset<CheckedPrediction> cached = table.checked().persist(StorageLevel.MEMORY_AND_DISK());
      releases.add(cached::unpersist);
      long predictionRows = timer.time(READ, () -> PredictionsInput.rowFailures(cached, failures));
      Set<String> failed = Set.copyOf(failures.keySet());
      Dataset<PredictionProbabilities> rows = PredictionsInput.usable(cached, failed);
      TargetsAndMembership built = sideMembership.join();
      TargetsTable targetTable = built.targets();
      FoldMembership membership = built.membership();
      if (folds != null && requireSharedLabels) {
        requireFoldLabelsInTargets(targetTable, membership);
      }
      // coverage (one small job) runs beside pass 1
      sideCoverage =
          SideJob.start(
              spark,
              COVERAGE,
              () -> timer.time(COVERAGE, () -> coverage(rows, targetTable, membership)));

      TreeSet<String> all = new TreeSet<>(table.sourceLabels().keySet());
      all.addAll(failures.keySet());
      List<String> checkpoints = all.stream().filter(c -> !failed.contains(c)).toList();
      if (checkpoints.isEmpty() && !failures.isEmpty()) {
        List<String> parts = new ArrayList<>();
        failures.forEach((c, why) -> parts.add(c + " (" + why + ")"));
        throw new InvalidPredictionException(
            "Cannot score: every checkpoint failed: " + String.join("; ", parts));
      }
      List<Integer> z = checkpoints.stream().map(c -> table.sourceLabels().get(c).size()).toList();
      List<Integer> y = new ArrayList<>();
      for (int f = 0; f < membership.folds().size(); f++) {
        y.add(membership.labels(f).size());
      }
      GroupIndex index = new GroupIndex(y, checkpoints, z);
      // every task emits a partial state per group it touches: more tasks than cores only
      // multiplies those states, so the cached rows are coalesced (no shuffle) to the cores; each
      // task reads every record's memberships from one broadcast map (no join)
      int tasks =
          Math.max(
              1,
              Math.min(rows.rdd().getNumPartitions(), spark.sparkContext().defaultParallelism()));
      Dataset<PredictionProbabilities> scoringRows = rows.coalesce(tasks);
      Broadcast<Map<String, int[]>> memberships = jsc.broadcast(membership.byRecord());
      releases.add(memberships::destroy);
      boolean mergeOnDriver = PartialStates.mergeOnDriver(spark, tasks, index);

      JointCountsBuffer[][] counts =
          timer.time(PASS_ONE, () -> passOne(scoringRows, memberships, index, mergeOnDriver));
      long tableValues = 0;
      for (JointCountsBuffer[] perCheckpoint : counts) {
        for (JointCountsBuffer b : perCheckpoint) {
          tableValues += b == null ? 0 : b.getJoint().length;
        }
      }
      ConditionalTables.Builder tables =
          ConditionalTables.builder(index.checkpoints() * index.folds(), tableValues);
      for (int c = 0; c < index.checkpoints(); c++) {
        for (int f = 0; f < index.folds(); f++) {
          JointCountsBuffer b = counts[c][f];
          if (b != null) {
            tables.put(
                c * index.folds() + f, b.getTargetLabels(), b.getSourceLabels(), b.getJoint());
          }
        }
      }
      Broadcast<ConditionalTables> shipped = jsc.broadcast(tables.build());
      PhiSums[][] sums;
      try {
        sums =
            timer.time(
                PASS_TWO, () -> passTwo(scoringRows, memberships, index, shipped, mergeOnDriver));
      } finally {
        shipped.destroy();
      }
      List<Row> out = new ArrayList<>();
      for (int f = 0; f < index.folds(); f++) {
        String foldId = membership.folds().get(f);
        List<String> labels = membership.labels(f);
        for (String checkpoint : all) {
          if (failed.contains(checkpoint)) {
            List<String> source = table.sourceLabels().getOrDefault(checkpoint, List.of());
            for (Weighting w : weightings) {
              out.add(
                  failedRow(
                      foldId,
                      checkpoint,
                      labels,
                      w,
                      source.size(),
                      failures.get(checkpoint),
                      membership));
            }
            continue;
          }
          int c = index.checkpoint(checkpoint);
          JointCounts jc =
              counts[c][f] != null
                  ? counts[c][f].counts()
                  : JointCounts.empty(labels.size(), z.get(c));
          PhiSums s = sums[c][f] != null ? sums[c][f] : PhiSums.empty(labels.size(), z.get(c));
          for (Weighting w : weightings) {
            out.add(scoreRow(foldId, checkpoint, labels, jc, s, w, z.get(c), membership));
          }
        }
      }
      long[] coverage = sideCoverage.join();
      Dataset<Row> scores = spark.createDataFrame(out, ScoreSchema.SCHEMA);
      // groups are counted under the first weighting (the one the ranking uses), as rows were made
      int[] tally = this.tally;
      ScoreSummary summary =
          new ScoreSummary(
              split,
              weightings.stream().map(Weighting::id).toList(),
              predictionRows,
              all.size(),
              index.folds(),
              index.folds() * all.size(),
              tally[0],
              tally[1],
              tally[2],
              tally[3],
              Map.copyOf(failures),
              coverage[0],
              coverage[1],
              membership.folds().stream().mapToLong(membership::missingTargets).sum(),
              timer.seconds());
      LOG.info(
          "Scored {} groups: {} ok, {} degenerate, {} incomplete, {} failed",
          summary.groups(),
          tally[0],
          tally[1],
          tally[2],
          tally[3]);
      return new ScoreResult(scores, summary);
    } finally {
      if (sideCoverage != null) {
        sideCoverage.cancel();
      }
      sideMembership.cancel();
      sideMembership.completed().ifPresent(b -> b.membership().release());
      releases.forEach(Runnable::run);
    }
  }

  /** The checked targets table and the fold membership built from it. */
  private record TargetsAndMembership(TargetsTable targets, FoldMembership membership) {}

  private Row scoreRow(
      String foldId,
      String checkpoint,
      List<String> labels,
      JointCounts c,
      PhiSums s,
      Weighting w,
      int z,
      FoldMembership membership) {
    MelepResult r = MelepCalculator.finish(labels, c, s, w);
    long foldRecords = membership.records(foldId);
    long missingPredictions = foldRecords - c.n();
    long missingTargets = membership.missingTargets(foldId);
    Status status = r.status();
    Double melep = r.melep();
    if (!allowMissing && c.n() > 0 && (missingPredictions > 0 || missingTargets > 0)) {
      status = new Status.Incomplete(foldRecords, missingPredictions, missingTargets);
      melep = null;
    } else if (c.n() == 0 && foldRecords > 0) {
      status = new Status.Incomplete(foldRecords, foldRecords, missingTargets);
    }
    count(w, status);
    List<Double> perLabel = new ArrayList<>();
    for (double v : r.perLabel()) {
      perLabel.add(v);
    }
    List<Long> positives = new ArrayList<>();
    for (long v : r.positives()) {
      positives.add(v);
    }
    return RowFactory.create(
        foldId,
        checkpoint,
        split,
        w.id(),
        melep,
        status.text(),
        c.n(),
        labels.toArray(new String[0]),
        perLabel.toArray(new Double[0]),
        positives.toArray(new Long[0]),
        z,
        foldRecords,
        missingPredictions,
        missingTargets);
  }

  private static JointCountsBuffer[][] passOne(
      Dataset<PredictionProbabilities> rows,
      Broadcast<Map<String, int[]>> memberships,
      GroupIndex index,
      boolean onDriver) {
    JointCountsBuffer[][] out = new JointCountsBuffer[index.checkpoints()][index.folds()];
    for (JointCountsBuffer b :
        PartialStates.merge(
            rows,
            FaultInjection.wrap(
                FaultInjection.PASS_ONE,
                new WithMemberships<>(memberships, new PartitionJointCounts(index))),
            new JointCountsAggregator(),
            JointCountsBuffer.ENCODER,
            onDriver)) {
      out[b.getCheckpointIndex()][b.getFoldIndex()] = b;
    }
    return out;
  }

  private static PhiSums[][] passTwo(
      Dataset<PredictionProbabilities> rows,
      Broadcast<Map<String, int[]>> memberships,
      GroupIndex index,
      Broadcast<ConditionalTables> tables,
      boolean onDriver) {
    PhiSums[][] out = new PhiSums[index.checkpoints()][index.folds()];
    for (PhiSumsBuffer b :
        PartialStates.merge(
            rows,
            FaultInjection.wrap(
                FaultInjection.PASS_TWO,
                new WithMemberships<>(memberships, new PartitionPhiSums(index, tables))),
            new PhiSumsAggregator(),
            PhiSumsBuffer.ENCODER,
            onDriver)) {
      out[b.getCheckpointIndex()][b.getFoldIndex()] = b.sums();
    }
    return out;
  }

  /**
   * Fails when no fold label is a label of the targets ({@link FoldsInput#requireSharedLabels}).
   */
  private void requireFoldLabelsInTargets(TargetsTable targets, FoldMembership membership) {
    List<List<String>> foldLabels = new ArrayList<>();
    for (int f = 0; f < membership.folds().size(); f++) {
      foldLabels.add(membership.labels(f));
    }
    TreeSet<String> seen = new TreeSet<>(targets.labelColumns());
    if (seen.isEmpty()) {
      seen =
          FoldsInput.distinctLabels(targets.rows(), TargetsTable.TARGET_LABELS, "targets", 100_000);
    }
    FoldsInput.requireSharedLabels(foldLabels, seen, targetsName);
  }

  /** Status prefix of a group whose checkpoint's predictions could not be used. */
  public static final String FAILED = Status.Failed.PREFIX;

  /** Groups per status kind (ok, degenerate, incomplete, failed) under the first weighting. */
  private final int[] tally = new int[4];

  private void count(Weighting w, Status status) {
    if (w == weightings.get(0)) {
      tally[
          status instanceof Status.Ok
              ? 0
              : status instanceof Status.Degenerate
                  ? 1
                  : status instanceof Status.Incomplete ? 2 : 3]++;
    }
  }

  private Row failedRow(
      String foldId,
      String checkpoint,
      List<String> labels,
      Weighting w,
      int z,
      String reason,
      FoldMembership membership) {
    long foldRecords = membership.records(foldId);
    Status status = new Status.Failed(reason);
    count(w, status);
    return RowFactory.create(
        foldId,
        checkpoint,
        split,
        w.id(),
        null,
        status.text(),
        0L,
        labels.toArray(new String[0]),
        new Double[0],
        new Long[0],
        z,
        foldRecords,
        foldRecords,
        membership.missingTargets(foldId));
  }

  /**
   * [distinct records with predictions but no targets, distinct fold records (of the split) with no
   * prediction of any checkpoint].
   */
  private static long[] coverage(
      Dataset<PredictionProbabilities> rows, TargetsTable targets, FoldMembership membership) {
    long withoutTargets;
    long withoutPredictions;
    if (membership.builtOnDriver()) {
      // one job: the distinct predicted records, compared on the driver with the known ids
      Set<String> predicted = new java.util.HashSet<>();
      for (Row r : rows.select(col("recordId")).distinct().collectAsList()) {
        predicted.add(r.getString(0));
      }
      Set<String> targeted = membership.targetRecords();
      withoutTargets = predicted.stream().filter(id -> !targeted.contains(id)).count();
      withoutPredictions =
          membership.byRecord().keySet().stream().filter(id -> !predicted.contains(id)).count();
    } else {
      Dataset<Row> predicted = rows.select(col("recordId")).distinct();
      Dataset<Row> targeted = targets.rows().select(col(ScoreColumns.RECORD_ID).as("recordId"));
      Dataset<Row> inFolds = membership.memberships().select(col("recordId"));
      withoutTargets = predicted.join(targeted, "recordId", "left_anti").count();
      withoutPredictions = inFolds.join(predicted, "recordId", "left_anti").count();
    }
    if (withoutTargets > 0) {
      LOG.warn("{} records have predictions but no targets: they are not scored", withoutTargets);
    }
    if (withoutPredictions > 0) {
      LOG.warn("{} fold records have no prediction of any checkpoint", withoutPredictions);
    }
    return new long[] {withoutTargets, withoutPredictions};
  }
}
