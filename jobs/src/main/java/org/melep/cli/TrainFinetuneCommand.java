package org.melep.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.melep.progress.ConsoleProgress;
import org.melep.progress.ProgressOption;
import org.melep.spark.SparkSessions;
import org.melep.train.FinetuneJob;
import org.melep.train.FinetuneOutcome;
import org.melep.zoo.ZooManifest;
import picocli.CommandLine;

/**
 * {@code melep train finetune --corpus C --folds F --zoo Z --out G}: fine-tunes every checkpoint on
 * every fold (one Spark task per fold x checkpoint x seed); results in {@code G/finetune}, curves
 * in {@code G/curves}.
 */
@CommandLine.Command(
    name = "finetune",
    description =
        "Fine-tune every zoo checkpoint on every fold: the ground truth MELEP predicts (G/finetune, G/curves).")
public class TrainFinetuneCommand extends BaseCommand {
  @CommandLine.Option(
      names = "--corpus",
      required = true,
      description = "Canonical corpus (Parquet).")
  String corpus;

  @CommandLine.Option(
      names = "--folds",
      required = true,
      description = "Folds table (Parquet, from melep folds).")
  String folds;

  @CommandLine.Option(names = "--zoo", required = true, description = "Zoo manifest (YAML/JSON).")
  String zoo;

  @CommandLine.Option(
      names = "--out",
      required = true,
      description = "Output folder G: G/finetune and G/curves.")
  String out;

  @CommandLine.Option(
      names = "--mode",
      defaultValue = "full",
      description =
          "full (every layer trains, the paper) or head (frozen body, linear probe) (default ${DEFAULT-VALUE}).")
  String mode;

  @CommandLine.Option(
      names = "--seeds",
      defaultValue = "1",
      description =
          "Fine-tuning seeds per (fold, checkpoint): --seed, --seed+1, ... (default ${DEFAULT-VALUE}).")
  int seeds;

  @CommandLine.Option(
      names = "--label-set",
      defaultValue = "csn",
      description = "Corpus label set of the fold labels (default ${DEFAULT-VALUE}).")
  String labelSet;

  @CommandLine.Option(
      names = "--fold-ids",
      split = ",",
      description = "Only these folds (default: all).")
  List<String> foldIds;

  @CommandLine.Mixin TrainOptions train = new TrainOptions();

  @Override
  protected int doCall() {
    if (!mode.equals("full") && !mode.equals("head")) {
      throw new ExitException(EXIT_INVALID_INPUT, "--mode must be full or head: " + mode);
    }
    if (seeds < 1) {
      throw new ExitException(EXIT_INVALID_INPUT, "--seeds must be >= 1: " + seeds);
    }
    outputGuard()
        .requiredInput("--corpus", corpus)
        .requiredInput("--folds", folds)
        .requiredInput("--zoo", zoo)
        .output(
            FinetuneJob.COMMAND,
            new org.apache.hadoop.fs.Path(out, org.melep.train.FinetuneSchema.RESULTS).toString())
        .output(
            FinetuneJob.COMMAND,
            new org.apache.hadoop.fs.Path(out, org.melep.train.FinetuneSchema.CURVES).toString())
        .check();
    SparkSession spark = SparkSessions.getOrCreate("melep train finetune");
    ZooManifest manifest = ZooManifest.read(zoo, spark.sparkContext().hadoopConfiguration());
    FinetuneJob job =
        new FinetuneJob(spark)
            .corpus(corpus)
            .folds(folds)
            .zoo(manifest)
            .out(out)
            .mode(mode)
            .seeds(seeds)
            .labelSet(labelSet)
            .foldIds(foldIds)
            .settings(train.settings(spark));
    FinetuneJob.Result r;
    try (ConsoleProgress.Handle progress =
        ConsoleProgress.install(spark, ProgressOption.enabled(spec))) {
      r = job.execute();
    }
    for (Map.Entry<String, String> e : r.notFinetunable().entrySet()) {
      out().printf("%-32s not fine-tunable: %s%n", e.getKey(), e.getValue());
    }
    out()
        .printf(
            "%-8s %-32s %4s %6s %6s %10s %10s%n",
            "fold", "checkpoint", "seed", "train", "test", "wF1 paper", "wF1 valid");
    for (FinetuneOutcome o : r.trained()) {
      if (o.ok()) {
        out()
            .printf(
                Locale.ROOT,
                "%-8s %-32s %4d %6d %6d %10.4f %10.4f%n",
                o.task().foldId(),
                o.task().checkpoint().name(),
                o.task().seed(),
                o.nTrain(),
                o.nTest(),
                o.paper().weightedF1(),
                o.validation().weightedF1());
      } else {
        out()
            .printf(
                "%-8s %-32s %4d FAILED: %s%n",
                o.task().foldId(), o.task().checkpoint().name(), o.task().seed(), o.error());
      }
    }
    out()
        .printf(
            "%s: %d pairs trained now, %d kept from before, %d failed%n",
            r.resultsPath(), r.trained().size(), r.kept(), r.failed());
    out().flush();
    return r.failed() > 0 ? TrainPretrainCommand.EXIT_PARTIAL : EXIT_OK;
  }
}
