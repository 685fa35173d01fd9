package org.melep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.melep.melep.Weighting;
import org.melep.report.BadReportDataException;
import org.melep.report.ReportColumns;
import org.melep.report.ReportInputs;
import org.melep.report.ReportJob;
import org.melep.report.ReportOutput;
import org.melep.report.ReportResult;
import org.melep.report.ShuffledPredictions;
import org.melep.score.ScoreJob;
import org.melep.score.SourceLabelsFile;
import org.melep.score.TableReader;
import org.melep.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code melep report}: does the score predict transfer? Joins scores with fine-tuning results and
 * writes R/index.html, R/tables/*.csv and R/figures/*.png|svg (see docs/report.md).
 */
@Command(
    name = "report",
    description = {
      "Correlates transferability scores with fine-tuned F1 and checks checkpoint selection, against baselines.",
      "  --scores S --finetune G --out R [--baseline-scores B | --predictions P --targets T [--folds F]]",
      "Writes R/index.html (self-contained), R/tables/*.csv, R/figures/*.png and *.svg, replacing R atomically."
    })
public class ReportCommand extends BaseCommand {

  @Option(
      names = "--scores",
      required = true,
      description = "melep score's output folder O (reads O/scores) or a scores table.")
  String scores;

  @Option(
      names = "--finetune",
      required = true,
      description = "Fine-tuning ground truth folder G (reads G/finetune) or the table itself.")
  String finetune;

  @Option(names = "--out", required = true, description = "Output folder R.")
  String out;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      description =
          "Format of the input tables: parquet, json, csv or orc (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--baseline-scores",
      description =
          "Shuffled baseline: a scores table (or score output folder) computed on shuffled predictions.")
  String baselineScores;

  @Option(
      names = "--predictions",
      description =
          "Shuffled baseline: the predictions table, scored here with its records permuted per checkpoint.")
  String predictions;

  @Option(names = "--targets", description = "With --predictions: the targets table.")
  String targets;

  @Option(names = "--folds", description = "With --predictions: the folds table.")
  String folds;

  @Option(
      names = "--source-labels",
      description =
          "With --predictions: YAML/JSON 'checkpoint: [labels]' for predictions without source_labels.")
  String sourceLabels;

  @Option(
      names = "--labels-column",
      defaultValue = "labels",
      description =
          "With --predictions: targets column of positive label names (default: ${DEFAULT-VALUE}).")
  String labelsColumn;

  @Option(
      names = "--split",
      defaultValue = "train",
      description =
          "With --predictions: fold split scored, as for score (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--epoch-rule",
      defaultValue = "paper",
      description =
          "Epoch rule of the summary sentence: paper or validation (default: ${DEFAULT-VALUE}).")
  String epochRule;

  @Option(
      names = "--primary",
      description =
          "Score variant of the summary sentence, e.g. melep-code (default: the first: MELEP, code weighting).")
  String primary;

  @Option(
      names = "--target",
      defaultValue = "target",
      description =
          "Target dataset name when the fine-tuning table has no target_dataset column (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the bootstrap and of the shuffle (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--bootstrap",
      defaultValue = "2000",
      description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
  int bootstrap;

  @Override
  protected int doCall() {
    if (baselineScores != null && predictions != null) {
      throw new ExitException(
          EXIT_INVALID_INPUT, "Cannot report: give --baseline-scores or --predictions, not both");
    }
    if (predictions != null && targets == null) {
      throw new ExitException(EXIT_INVALID_INPUT, "Cannot report: --predictions needs --targets");
    }
    outputGuard()
        .requiredInput("--scores", scores)
        .requiredInput("--finetune", finetune)
        .requiredInput("--baseline-scores", baselineScores)
        .requiredInput("--predictions", predictions)
        .requiredInput("--targets", targets)
        .requiredInput("--folds", folds)
        .requiredInput("--source-labels", sourceLabels)
        .output(ReportOutput.COMMAND, out)
        .check();
    SparkSession spark = SparkSessions.getOrCreate("melep report");
    String scoresPath = ReportInputs.resolve(spark, scores, ReportColumns.SCORES);
    String finetunePath = ReportInputs.resolve(spark, finetune, ReportColumns.FINETUNE);
    Dataset<Row> s = TableReader.read(spark, scoresPath, format);
    ReportJob job =
        ReportJob.on(spark)
            .scores(s)
            .finetune(TableReader.read(spark, finetunePath, format))
            .primaryRule(epochRule)
            .primaryVariant(primary)
            .target(target)
            .seed(seed)
            .resamples(bootstrap)
            .inputsDescription("scores " + scoresPath + ", fine-tuning " + finetunePath);
    if (baselineScores != null) {
      String b = ReportInputs.resolve(spark, baselineScores, ReportColumns.SCORES);
      job.baselineScores(
          TableReader.read(spark, b, format), "scores of shuffled predictions from " + b);
    } else if (predictions != null) {
      job.baselineScores(
          shuffledScores(spark, s),
          "MELEP of "
              + predictions
              + " with record ids permuted among each checkpoint's records (seed "
              + seed
              + "), scored here");
    }
    ReportResult result;
    try {
      result = job.execute();
      ReportOutput.write(spark, result, out);
    } catch (BadReportDataException e) {
      throw new ExitException(EXIT_BAD_DATA, e.getMessage(), e);
    } catch (RuntimeException e) {
      throw ScoreCommand.asBadData(e);
    }
    out().println(result.summary());
    for (String note : result.notes()) {
      out().println(note);
    }
    out().printf("Wrote %s/%s (tables/, figures/)%n", out, ReportOutput.INDEX);
    return EXIT_OK;
  }

  private Dataset<Row> shuffledScores(SparkSession spark, Dataset<Row> scoresTable) {
    Dataset<Row> normal = ReportInputs.scores(scoresTable, "scores");
    List<Weighting> ws = new ArrayList<>();
    for (Row r :
        normal
            .filter(functions.col(ReportColumns.METRIC).equalTo("melep"))
            .select(ReportColumns.WEIGHTING)
            .distinct()
            .collectAsList()) {
      ws.add(Weighting.parse(r.getString(0)));
    }
    if (ws.isEmpty()) {
      ws.add(Weighting.CODE);
    }
    ws.sort(null);
    Map<String, List<String>> side =
        sourceLabels == null
            ? Map.of()
            : SourceLabelsFile.read(sourceLabels, spark.sparkContext().hadoopConfiguration());
    ScoreJob score =
        ScoreJob.on(spark)
            .predictions(
                ShuffledPredictions.permute(TableReader.read(spark, predictions, format), seed))
            .sourceLabels(side)
            .targets(TableReader.read(spark, targets, format))
            .labelsColumn(labelsColumn)
            .split(split)
            .weightings(ws);
    if (folds != null) {
      score.folds(TableReader.read(spark, folds, format));
    }
    return score.execute().scores();
  }
}
