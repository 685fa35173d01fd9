package org.melep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.melep.InvalidPredictionException;
import org.melep.melep.Weighting;
import org.melep.score.ScoreJob;
import org.melep.score.ScoreOutput;
import org.melep.score.ScoreResult;
import org.melep.score.SourceLabelsFile;
import org.melep.score.TableReader;
import org.melep.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code melep score}: MELEP for every fold x checkpoint from a predictions table. */
@Command(
    name = "score",
    description = {
      "Computes MELEP for every (fold, checkpoint) in one Spark job.",
      "Writes OUT/scores (Parquet) and OUT/summary.json, replacing OUT atomically."
    })
public class ScoreCommand extends BaseCommand {

  @Option(names = "--predictions", required = true, description = "Predictions table: record_id, checkpoint, logits or probs (array<double>) [, source_labels].")
  String predictions;

  @Option(names = "--targets", required = true, description = "Targets table: record_id and a labels array, or one 0/1 column per label.")
  String targets;

  @Option(names = "--folds", description = "Folds table: fold_id, record_id, split [, labels]. Default: the targets are one fold.")
  String folds;

  @Option(names = "--out", required = true, description = "Output folder.")
  String out;

  @Option(names = "--format", defaultValue = "parquet", description = "Format of the input tables: parquet, json, csv or orc (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--source-labels", description = "YAML/JSON file 'checkpoint: [labels]' for predictions without a source_labels column.")
  String sourceLabels;

  @Option(names = "--labels-column", defaultValue = "labels", description = "Targets column with the positive label names (default: ${DEFAULT-VALUE}).")
  String labelsColumn;

  @Option(names = "--split", defaultValue = "train", description = "Fold split to score: train, test or all (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--weighting", split = ",", defaultValue = "code", description = "Aggregations over target labels: code, paper, uniform (comma-separated; default: ${DEFAULT-VALUE}).")
  List<String> weightings;

  @Option(names = "--allow-missing", description = "Score groups even when fold records lack predictions or targets (they are counted either way).")
  boolean allowMissing;

  @Override
  protected int doCall() {
    List<Weighting> ws = new ArrayList<>();
    for (String w : weightings) {
      ws.add(Weighting.parse(w));
    }
    SparkSession spark = SparkSessions.getOrCreate("melep score");
    Map<String, List<String>> side =
        sourceLabels == null ? Map.of() : SourceLabelsFile.read(sourceLabels, spark.sparkContext().hadoopConfiguration());
    ScoreJob job =
        ScoreJob.on(spark)
            .predictions(TableReader.read(spark, predictions, format))
            .sourceLabels(side)
            .targets(TableReader.read(spark, targets, format))
            .labelsColumn(labelsColumn)
            .split(split)
            .weightings(ws)
            .allowMissing(allowMissing);
    if (folds != null) {
      job.folds(TableReader.read(spark, folds, format));
    }
    ScoreResult result;
    try {
      result = job.execute();
    } catch (RuntimeException e) {
      throw asBadData(e);
    }
    ScoreOutput.write(spark, result, out);
    printResult(result);
    return EXIT_OK;
  }

  private void printResult(ScoreResult result) {
    var s = result.summary();
    out().printf(
        "Scored %d groups (%d folds x %d checkpoints): %d ok, %d degenerate, %d incomplete%n",
        s.groups(), s.folds(), s.checkpoints(), s.groupsOk(), s.groupsDegenerate(), s.groupsIncomplete());
    if (s.predictionRecordsWithoutTargets() > 0 || s.targetRecordsWithoutPredictions() > 0 || s.foldRecordsWithoutTargets() > 0) {
      out().printf(
          "Not scored: %d records with predictions but no targets, %d target records without any prediction, %d fold records without targets%n",
          s.predictionRecordsWithoutTargets(), s.targetRecordsWithoutPredictions(), s.foldRecordsWithoutTargets());
    }
    List<Row> first = result.scores().limit(20).collectAsList();
    out().printf("%-10s %-24s %-8s %-10s %s%n", "fold_id", "checkpoint", "weighting", "melep", "status");
    for (Row r : first) {
      Object m = r.getAs("melep");
      out().printf("%-10s %-24s %-8s %-10s %s%n", r.getAs("fold_id"), r.getAs("checkpoint"), r.getAs("weighting"),
          m == null ? "-" : String.format("%.6f", (Double) m), r.getAs("status"));
    }
    out().printf("Wrote %s/%s and %s/%s%n", out, ScoreOutput.SCORES, out, ScoreOutput.SUMMARY);
  }

  /** Bad predictions surface from executors wrapped in Spark exceptions: name them as bad data. */
  static RuntimeException asBadData(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidPredictionException) {
        return new ExitException(EXIT_BAD_DATA, t.getMessage(), e);
      }
    }
    return e;
  }
}
