package org.melep.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.corpus.CorpusSchema;
import org.melep.inference.PredictJob;
import org.melep.inference.PredictOptions;
import org.melep.inference.PredictResult;
import org.melep.inference.ZooVerifier;
import org.melep.score.FoldsInput;
import org.melep.score.ScoreColumns;
import org.melep.score.ScoreJob;
import org.melep.score.ScoreOptions;
import org.melep.score.ScoreResult;
import org.melep.score.TableReader;
import org.melep.spark.StageTimer;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job, from corpus to MELEP for all folds x checkpoints, and the programmatic entry point
 * beside the CLI (callable from Java, Scala, PySpark through py4j, or a Databricks job):
 *
 * <pre>
 * PipelineResult r = ScorePipeline.on(spark)
 *     .corpus(corpusDf)              // the canonical corpus, or .predictions(predictionsDf)
 *     .zoo(ZooManifest.read(path, spark.sparkContext().hadoopConfiguration()))
 *     .predictionsTable("/data/predictions")   // kept between runs
 *     .folds(foldsDf)
 *     .execute();
 * r.scores(); r.ranking(); r.summary();
 * </pre>
 *
 * <p>Plan: checkpoints that fail verification are skipped (and reported); the distinct records
 * needed by all folds are inferred once per checkpoint, reusing the predictions table and computing
 * only what is missing, so folds sharing records never trigger a second inference; then {@link
 * ScoreJob} computes every (fold, checkpoint) MELEP in the same Spark application. A checkpoint
 * whose inference fails with bad outputs or a model error, or whose predictions fail the scorer's
 * checks, fails alone: its groups carry {@code failed: <reason>} and every other checkpoint is
 * scored.
 */
public final class ScorePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ScorePipeline.class);

  private final SparkSession spark;
  private Dataset<Row> corpus;
  private ZooManifest zoo;
  private String predictionsTable;
  private Dataset<Row> predictions;
  private Dataset<Row> targets;
  private String labelSet = "csn";
  private Dataset<Row> folds;
  private List<org.melep.transfer.Metric> metrics = List.of(org.melep.transfer.Metric.MELEP);
  private ScoreOptions scoring = ScoreOptions.DEFAULTS;
  private PredictOptions inference = PredictOptions.DEFAULTS;

  private ScorePipeline(SparkSession spark) {
    this.spark = spark;
  }

  public static ScorePipeline on(SparkSession spark) {
    return new ScorePipeline(spark);
  }

  /** The canonical corpus ({@link CorpusSchema}): inputs for inference and, by default, targets. */
  public ScorePipeline corpus(Dataset<Row> value) {
    this.corpus = value;
    return this;
  }

  public ScorePipeline zoo(ZooManifest value) {
    this.zoo = value;
    return this;
  }

  /** Where predictions are kept between runs (read, completed, replaced atomically). */
  public ScorePipeline predictionsTable(String path) {
    this.predictionsTable = path;
    return this;
  }

  /** Ready predictions instead of corpus + zoo: no inference. */
  public ScorePipeline predictions(Dataset<Row> value) {
    this.predictions = value;
    return this;
  }

  /**
   * How to score (split, weightings, missing records, the targets' label columns, source labels):
   * {@link ScoreOptions#DEFAULTS} unless given; the label columns apply to {@link #targets} only
   * (targets from the corpus are its label-set column).
   */
  public ScorePipeline scoring(ScoreOptions value) {
    this.scoring = java.util.Objects.requireNonNull(value, "Cannot score: no scoring options");
    return this;
  }

  /**
   * How to run inference (batch size, device, threads): {@link PredictOptions#DEFAULTS} unless
   * given.
   */
  public ScorePipeline inference(PredictOptions value) {
    this.inference = java.util.Objects.requireNonNull(value, "Cannot score: no inference options");
    return this;
  }

  /** Targets; default: the corpus's {@code labels_<label set>} column. */
  public ScorePipeline targets(Dataset<Row> value) {
    this.targets = value;
    return this;
  }

  /**
   * The corpus label set the fold labels come from ({@code csn} by default, {@code ptbxl}, ...).
   */
  public ScorePipeline labelSet(String value) {
    this.labelSet = checkLabelSet(value);
    return this;
  }

  /** {@code value} when it is a corpus label set; fails naming them otherwise. */
  public static String checkLabelSet(String value) {
    if (!CorpusSchema.LABEL_SETS.contains(value)) {
      throw new IllegalArgumentException(
          "Cannot use label set "
              + value
              + ": expected one of "
              + String.join(", ", CorpusSchema.LABEL_SETS));
    }
    return value;
  }

  public ScorePipeline folds(Dataset<Row> value) {
    this.folds = value;
    return this;
  }

  /**
   * Metrics beside MELEP (always computed: it drives the summary): {@code logme}, {@code hscore},
   * {@code hscore-lw}, {@code nce}, {@code gbc}, from the predictions' {@code features} column.
   */
  public ScorePipeline metrics(List<org.melep.transfer.Metric> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("Cannot score: no metric chosen");
    }
    this.metrics = List.copyOf(values);
    return this;
  }

  public PipelineResult execute() {
    validate();
    // the scoring kernels compile in the background while the checkpoints infer
    org.melep.score.KernelWarmup.startOnce();
    StageTimer timer = new StageTimer(spark, "melep: ");
    List<String> checkpointNames = new ArrayList<>();
    List<PipelineSummary.SkippedCheckpoint> skipped = new ArrayList<>();
    Map<String, Long> inferred = Map.of();
    Map<String, Long> reused = Map.of();
    Map<String, Long> invalidated = Map.of();
    Map<String, String> failed = Map.of();
    if (folds != null && predictions == null) {
      FoldsInput.check(folds); // before any inference (the scorer checks it again otherwise)
      if (targets == null && TableReader.hasColumn(folds, ScoreColumns.LABELS)) {
        FoldsInput.requireSharedLabels(
            FoldsInput.distinctLabelLists(folds, 100_000),
            FoldsInput.distinctLabels(
                corpus, CorpusSchema.labelColumn(labelSet), "corpus", 100_000),
            corpusTargetsName());
      }
    }
    ScoreOptions targetOptions =
        targets != null
            ? scoring
            : scoring.withLabelsColumn(ScoreColumns.LABELS).withTargetLabels(List.of());
    Dataset<Row> scored = predictions;
    if (scored == null) {
      ZooManifest usable = timer.time("verify checkpoints", () -> verified(skipped));
      usable.checkpoints().forEach(c -> checkpointNames.add(c.name()));
      if (usable.checkpoints().isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot score: no usable checkpoint in " + zoo.source() + ": " + describe(skipped));
      }
      PredictResult predicted =
          timer.time(
              "inference",
              () ->
                  PredictJob.on(spark)
                      .corpus(corpus)
                      .zoo(usable)
                      .output(predictionsTable)
                      .recordIds(neededRecords())
                      .with(inference)
                      .isolateFailures(true)
                      .features(needsFeatures())
                      .execute());
      inferred = predicted.inferred();
      reused = predicted.reused();
      invalidated = predicted.invalidated();
      failed = predicted.failed();
      scored =
          predicted
              .predictions(spark)
              .filter(col(ScoreColumns.CHECKPOINT).isin(checkpointNames.toArray()));
    }
    Dataset<Row> scoredPredictions = scored;
    Map<String, String> failedCheckpoints = failed;
    ScoreResult result =
        timer.time(
            "scoring",
            () ->
                ScoreJob.on(spark)
                    .with(targetOptions)
                    .predictions(scoredPredictions)
                    .targets(targets != null ? targets : corpusTargets())
                    .targetsName(targets != null ? "the targets" : corpusTargetsName())
                    .failedCheckpoints(failedCheckpoints)
                    .requireSharedLabels(true)
                    .folds(folds)
                    .execute());
    if (checkpointNames.isEmpty()) {
      checkpointNames.addAll(
          result
              .scores()
              .select(ScoreColumns.CHECKPOINT)
              .distinct()
              .orderBy(ScoreColumns.CHECKPOINT)
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList());
    }
    Dataset<Row> scores = org.melep.transfer.spark.MetricScores.fromMelep(result.scores());
    Map<String, String> metricFailures = Map.of();
    if (metrics.stream().anyMatch(m -> m != org.melep.transfer.Metric.MELEP)) {
      org.melep.transfer.spark.FeatureScoreResult others =
          timer.time(
              "feature metrics",
              () ->
                  org.melep.transfer.spark.FeatureScoreJob.on(spark)
                      .with(targetOptions)
                      .predictions(scoredPredictions)
                      .targets(targets != null ? targets : corpusTargets())
                      .folds(folds)
                      .metrics(metrics)
                      .execute());
      scores = org.melep.transfer.spark.MetricScores.union(result.scores(), others.scores());
      metricFailures = others.failedCheckpoints();
    }
    Dataset<Row> ranking = Ranking.of(scores, scoring.ranking().id());
    PipelineSummary summary =
        new PipelineSummary(
            List.copyOf(checkpointNames),
            List.copyOf(skipped),
            inferred,
            reused,
            invalidated,
            predictionsTable,
            result.summary(),
            timer.seconds(),
            metricFailures);
    return new PipelineResult(scores, ranking, summary);
  }

  /**
   * Whether a chosen metric reads features: then inference stores them ({@link
   * PredictJob#features}).
   */
  private boolean needsFeatures() {
    return metrics.stream().anyMatch(org.melep.transfer.Metric::needsFeatures);
  }

  /**
   * Every check that needs no Spark job, before any checkpoint is verified or inferred: which
   * inputs are given, the predictions table's path, the columns of the targets, the folds and the
   * corpus the options name, and the columns the chosen metrics need. The options themselves were
   * checked when made ({@link ScoreOptions}, {@link PredictOptions}).
   */
  private void validate() {
    if (predictions == null && (corpus == null || zoo == null || predictionsTable == null)) {
      throw new IllegalArgumentException(
          "Cannot score: give predictions, or a corpus, a zoo and a predictions table to keep them in");
    }
    if (predictions == null && predictionsTable.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot score: the predictions table needs a path: '" + predictionsTable + "'");
    }
    if (predictions == null && needsFeatures()) {
      PredictJob.requireFeatureOutputs(zoo); // before verification and inference
    }
    if (targets == null && corpus == null) {
      throw new IllegalArgumentException(
          "Cannot score: give targets, or a corpus to take them from");
    }
    if (corpus != null && targets == null) {
      String column = CorpusSchema.labelColumn(labelSet);
      if (!List.of(corpus.columns()).contains(column)) {
        throw new IllegalArgumentException(
            "Cannot take targets from the corpus: it has no column "
                + column
                + "; it has "
                + String.join(", ", corpus.columns()));
      }
    }
    if (targets != null) {
      TableReader.requireColumn(targets, ScoreColumns.RECORD_ID, "targets");
      for (String column : scoring.targetLabels()) {
        TableReader.requireColumn(targets, column, "targets");
      }
    }
    if (folds != null) {
      TableReader.requireColumn(folds, ScoreColumns.FOLD_ID, "folds");
      TableReader.requireColumn(folds, ScoreColumns.RECORD_ID, "folds");
      if (predictions == null && !"all".equals(scoring.split())) {
        TableReader.requireColumn(folds, ScoreColumns.SPLIT, "folds");
      }
    }
    if (predictions != null && needsFeatures()) {
      TableReader.requireColumn(
          predictions, org.melep.transfer.spark.FeatureScoreJob.FEATURES, "predictions");
    }
  }

  /** The zoo without the checkpoints that fail verification (each recorded with its reason). */
  private ZooManifest verified(List<PipelineSummary.SkippedCheckpoint> skipped) {
    List<CheckpointSpec> ok = new ArrayList<>();
    for (CheckpointSpec spec : zoo.checkpoints()) {
      ZooVerifier.Check check =
          ZooVerifier.verify(spec, spark.sparkContext().hadoopConfiguration(), inference.runner());
      if (check.ok()) {
        ok.add(spec);
      } else {
        LOG.warn("Skipping checkpoint {}: {}", spec.name(), check.detail());
        skipped.add(new PipelineSummary.SkippedCheckpoint(spec.name(), check.detail()));
      }
    }
    return new ZooManifest(zoo.source(), ok);
  }

  /** The records the folds score (or every target record without folds). */
  private Dataset<Row> neededRecords() {
    if (folds == null) {
      return (targets != null ? targets : corpusTargets())
          .select(col(CorpusSchema.RECORD_ID).cast("string").as(CorpusSchema.RECORD_ID));
    }
    Dataset<Row> f = folds;
    if (!"all".equals(scoring.split())) {
      f = f.filter(col(ScoreColumns.SPLIT).equalTo(scoring.split()));
    }
    return f.select(col(ScoreColumns.RECORD_ID).cast("string").as(CorpusSchema.RECORD_ID))
        .distinct();
  }

  private String corpusTargetsName() {
    return "the corpus's "
        + CorpusSchema.labelColumn(labelSet)
        + " column (--label-set "
        + labelSet
        + ")";
  }

  private Dataset<Row> corpusTargets() {
    return corpus.select(
        col(CorpusSchema.RECORD_ID),
        col(CorpusSchema.labelColumn(labelSet)).as(ScoreColumns.LABELS));
  }

  private static String describe(List<PipelineSummary.SkippedCheckpoint> skipped) {
    List<String> parts = new ArrayList<>();
    skipped.forEach(s -> parts.add(s.checkpoint() + " (" + s.reason() + ")"));
    return String.join("; ", parts);
  }
}
