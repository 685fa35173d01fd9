package org.melep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.inference.InferenceException;
import org.melep.inference.PredictOptions;
import org.melep.inference.RunnerOptions;
import org.melep.melep.InvalidPredictionException;
import org.melep.melep.Weighting;
import org.melep.pipeline.PipelineOutput;
import org.melep.pipeline.PipelineResult;
import org.melep.pipeline.PipelineSummary;
import org.melep.pipeline.ScorePipeline;
import org.melep.progress.ConsoleProgress;
import org.melep.progress.ProgressOption;
import org.melep.score.InvalidValueException;
import org.melep.score.ScoreOptions;
import org.melep.score.ScoreSummary;
import org.melep.score.SourceLabelsFile;
import org.melep.score.TableReader;
import org.melep.spark.SparkSessions;
import org.melep.zoo.ZooManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code melep score}: MELEP for every fold x checkpoint in one Spark job, either from a corpus and
 * a zoo (inference once per checkpoint and record, kept in a predictions table between runs) or
 * from a ready predictions table.
 */
@Command(
    name = "score",
    description = {
      "Computes MELEP for every (fold, checkpoint) in one Spark job and ranks the checkpoints per fold.",
      "From a corpus and a zoo:   --corpus C --zoo Z --folds F --out O [--predictions P]",
      "From ready predictions:    --predictions P --targets T [--folds F] --out O",
      "Writes O/scores, O/ranking (Parquet) and O/summary.json, replacing O atomically."
    })
public class ScoreCommand extends BaseCommand {

  @Option(
      names = "--corpus",
      description = "Canonical corpus (Parquet): inference inputs and, by default, targets.")
  String corpus;

  @Option(names = "--zoo", description = "Zoo manifest (YAML/JSON); with --corpus.")
  String zoo;

  @Option(
      names = "--predictions",
      description = {
        "Predictions table: record_id, checkpoint, logits or probs (array<double>) [, source_labels].",
        "With --corpus/--zoo: where predictions are kept between runs (default: predictions/ beside --out)."
      })
  String predictions;

  @Option(
      names = "--targets",
      description =
          "Targets table: record_id and a labels array, or one 0/1 column per label. Default with --corpus: its labels_<label-set> column.")
  String targets;

  @Option(
      names = "--label-set",
      defaultValue = "csn",
      description =
          "Corpus label set of the fold labels: csn, ptbxl, cpsc, georgia (default: ${DEFAULT-VALUE}).")
  String labelSet;

  @Option(
      names = "--folds",
      description =
          "Folds table: fold_id, record_id, split [, labels]. Default: the targets are one fold.")
  String folds;

  @Option(names = "--out", required = true, description = "Output folder.")
  String out;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      description =
          "Format of --predictions/--targets/--folds: parquet, json, csv or orc (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--source-labels",
      description =
          "YAML/JSON file 'checkpoint: [labels]' for predictions without a source_labels column.")
  String sourceLabels;

  @Option(
      names = "--labels-column",
      defaultValue = "labels",
      description = "Targets column with the positive label names (default: ${DEFAULT-VALUE}).")
  String labelsColumn;

  @Option(
      names = "--target-labels",
      split = ",",
      description = {
        "The targets' 0/1 label columns (comma-separated). Default: the --labels-column array when the",
        "table has it, else every column other than record_id; each must hold only 0/1 or booleans."
      })
  List<String> targetLabels = new ArrayList<>();

  @Option(
      names = "--split",
      defaultValue = "train",
      description = "Fold split to score: train, test or all (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--weighting",
      split = ",",
      defaultValue = "code",
      description =
          "Aggregations over target labels: code, paper, uniform (comma-separated; the first ranks; default: ${DEFAULT-VALUE}).")
  List<String> weightings;

  @Option(
      names = "--metric",
      split = ",",
      defaultValue = "melep",
      description =
          "Metrics: melep, logme, hscore, hscore-lw, nce, gbc (comma-separated; melep is always computed; all but nce need features: a features column, or with --zoo each checkpoint's feature output; default: ${DEFAULT-VALUE}).")
  List<String> metrics;

  @Option(
      names = "--allow-missing",
      description =
          "Score groups even when fold records lack predictions or targets (they are counted either way).")
  boolean allowMissing;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Records per model call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "Inference device: auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--show",
      defaultValue = "5",
      description = "Folds whose ranking is printed (default: ${DEFAULT-VALUE}).")
  int show;

  @Override
  protected int doCall() {
    boolean fromCorpus = corpus != null || zoo != null;
    if (fromCorpus && (corpus == null || zoo == null)) {
      throw new ExitException(EXIT_INVALID_INPUT, "Cannot score: --corpus and --zoo go together");
    }
    if (!fromCorpus && (predictions == null || targets == null)) {
      throw new ExitException(
          EXIT_INVALID_INPUT,
          "Cannot score: give --corpus and --zoo, or --predictions and --targets");
    }
    TableReader.requireFormat(format);
    if (show < 0) {
      throw new ExitException(EXIT_INVALID_INPUT, "Cannot score: --show must be >= 0: " + show);
    }
    // every option is checked here, before any path, Spark or model is touched
    ScoreOptions scoring = scoreOptions();
    PredictOptions inference =
        PredictOptions.DEFAULTS
            .withBatchSize(batchSize)
            .withRunner(RunnerOptions.auto().withDevice(RunnerOptions.parseDevice(device)));
    List<org.melep.transfer.Metric> chosenMetrics = parseMetrics(metrics);
    ScorePipeline.checkLabelSet(labelSet);
    String predictionsTable =
        fromCorpus ? (predictions != null ? predictions : defaultPredictionsTable(out)) : null;
    org.melep.io.OutputGuard guard =
        outputGuard()
            .requiredInput("--corpus", corpus)
            .requiredInput("--zoo", zoo)
            .requiredInput("--targets", targets)
            .requiredInput("--folds", folds)
            .requiredInput("--source-labels", sourceLabels)
            .output(PipelineOutput.COMMAND, out);
    ZooManifest manifest = null;
    if (fromCorpus) {
      guard.checkInputsExist();
      manifest = ZooManifest.read(zoo, SparkSessions.hadoopConf());
      manifest.checkpoints().forEach(c -> guard.input(c.uri()));
      guard.output(org.melep.inference.PredictJob.COMMAND, predictionsTable);
      if (chosenMetrics.stream().anyMatch(org.melep.transfer.Metric::needsFeatures)) {
        try {
          org.melep.inference.PredictJob.requireFeatureOutputs(manifest);
        } catch (IllegalArgumentException e) {
          throw new ExitException(EXIT_INVALID_INPUT, e.getMessage(), e);
        }
      }
    } else {
      guard.requiredInput("--predictions", predictions);
    }
    guard.check();
    SparkSession spark = SparkSessions.getOrCreate("melep score");
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    ScorePipeline pipeline = ScorePipeline.on(spark).inference(inference).metrics(chosenMetrics);
    if (fromCorpus) {
      pipeline
          .corpus(spark.read().parquet(corpus))
          .zoo(manifest)
          .labelSet(labelSet)
          .predictionsTable(predictionsTable);
    } else {
      Map<String, List<String>> side =
          sourceLabels == null ? Map.of() : SourceLabelsFile.read(sourceLabels, conf);
      pipeline.predictions(TableReader.read(spark, predictions, format));
      scoring = scoring.withSourceLabels(side);
    }
    if (targets != null) {
      pipeline.targets(TableReader.read(spark, targets, format));
    }
    pipeline.scoring(scoring);
    if (folds != null) {
      pipeline.folds(TableReader.read(spark, folds, format));
    }
    PipelineResult result;
    try (ConsoleProgress.Handle progress =
        ConsoleProgress.install(spark, ProgressOption.enabled(spec))) {
      result = pipeline.execute();
      PipelineOutput.write(spark, result, out);
    } catch (RuntimeException e) {
      throw asBadData(e);
    }
    print(result);
    ScoreSummary s = result.summary().score();
    Map<String, String> metricFailures = result.summary().metricFailures();
    if (s.groupsFailed() > 0) {
      s.failedCheckpoints()
          .forEach((c, why) -> err().printf("melep: checkpoint %s failed: %s%n", c, why));
    }
    // e.g. melep: checkpoint bilstm-x: logme,hscore failed: features 16000 > limit 4096: ...
    metricFailures.forEach((c, why) -> err().printf("melep: checkpoint %s: %s%n", c, why));
    return s.groupsFailed() > 0 || !metricFailures.isEmpty() ? EXIT_PARTIAL : EXIT_OK;
  }

  /**
   * The predictions table kept between runs when none is given: {@code predictions/} beside --out.
   */
  static String defaultPredictionsTable(String out) {
    org.apache.hadoop.fs.Path parent = new org.apache.hadoop.fs.Path(out).getParent();
    return new org.apache.hadoop.fs.Path(
            parent == null ? new org.apache.hadoop.fs.Path(".") : parent, "predictions")
        .toString();
  }

  /** The scoring options of the command line (each checked by {@link ScoreOptions}). */
  private ScoreOptions scoreOptions() {
    List<Weighting> ws = new ArrayList<>();
    for (String w : weightings) {
      ws.add(Weighting.parse(w));
    }
    return ScoreOptions.DEFAULTS
        .withSplit(split)
        .withWeightings(ws)
        .withAllowMissing(allowMissing)
        .withLabelsColumn(labelsColumn)
        .withTargetLabels(targetLabels);
  }

  private void print(PipelineResult result) {
    PipelineSummary p = result.summary();
    ScoreSummary s = p.score();
    for (PipelineSummary.SkippedCheckpoint k : p.skipped()) {
      out().printf("Skipped checkpoint %s: %s%n", k.checkpoint(), k.reason());
    }
    if (!p.inferred().isEmpty() || !p.reused().isEmpty()) {
      out()
          .printf(
              "Predictions: %d inferred, %d reused, %d invalidated (%s)%n",
              sum(p.inferred()), sum(p.reused()), sum(p.invalidated()), p.predictionsTable());
    }
    out()
        .printf(
            "Scored %d groups (%d folds x %d checkpoints): %d ok, %d degenerate, %d incomplete%s%n",
            s.groups(),
            s.folds(),
            s.checkpoints(),
            s.groupsOk(),
            s.groupsDegenerate(),
            s.groupsIncomplete(),
            s.groupsFailed() > 0 ? ", " + s.groupsFailed() + " failed" : "");
    if (s.predictionRecordsWithoutTargets() > 0
        || s.foldRecordsWithoutPredictions() > 0
        || s.foldRecordsWithoutTargets() > 0) {
      out()
          .printf(
              "Not scored: %d records with predictions but no targets, %d fold records without any prediction, %d fold records without targets%n",
              s.predictionRecordsWithoutTargets(),
              s.foldRecordsWithoutPredictions(),
              s.foldRecordsWithoutTargets());
    }
    List<Row> ranking = result.ranking().collectAsList();
    out()
        .printf(
            "%nRanking (MELEP, %s weighting; lower = easier transfer; other metrics: higher = easier):%n",
            s.weightings().get(0));
    out().printf("  %-8s %-9s %-4s %-28s %s%n", "fold", "metric", "rank", "checkpoint", "value");
    String fold = null;
    int folds = 0;
    for (Row r : ranking) {
      String f = r.getAs("fold_id");
      if (!f.equals(fold)) {
        fold = f;
        if (++folds > show) {
          break;
        }
      }
      out()
          .printf(
              "  %-8s %-9s %-4d %-28s %.6f%n",
              f,
              r.getAs("metric"),
              r.<Integer>getAs("rank"),
              r.getAs("checkpoint"),
              r.<Double>getAs("value"));
    }
    if (folds > show) {
      out().printf("  ... (%d folds in %s/%s)%n", s.folds(), out, PipelineOutput.RANKING);
    }
    out().printf("Stages:");
    p.secondsPerStage().forEach((k, v) -> out().printf("  %s %.1f s", k, v));
    s.secondsPerStage().forEach((k, v) -> out().printf("  [%s %.1f s]", k, v));
    out()
        .printf(
            "%nWrote %s/{%s,%s,%s}%n",
            out, PipelineOutput.SCORES, PipelineOutput.RANKING, PipelineOutput.SUMMARY);
  }

  private static List<org.melep.transfer.Metric> parseMetrics(List<String> values) {
    try {
      return org.melep.transfer.Metric.parseAll(values);
    } catch (IllegalArgumentException e) {
      throw new ExitException(EXIT_INVALID_INPUT, e.getMessage());
    }
  }

  private static long sum(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Bad data surfaces from executors wrapped in Spark exceptions: name it as bad data. */
  static RuntimeException asBadData(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidPredictionException
          || t instanceof InferenceException
          || t instanceof InvalidValueException) {
        return new ExitException(EXIT_BAD_DATA, t.getMessage(), e);
      }
    }
    return e;
  }
}
