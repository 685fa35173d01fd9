package org.melep.cli;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.melep.progress.ConsoleProgress;
import org.melep.progress.ProgressOption;
import org.melep.spark.SparkSessions;
import org.melep.train.PretrainJob;
import org.melep.train.PretrainOutcome;
import picocli.CommandLine;

/**
 * {@code melep train pretrain --corpus C --dataset D... --arch A... --out ZOO}: one source
 * checkpoint per (dataset, architecture), one Spark task each, appended to {@code ZOO/zoo.yaml}.
 */
@CommandLine.Command(
    name = "pretrain",
    description =
        "Pretrain one checkpoint per (dataset, architecture) and add them to a zoo (ONNX + DJL parameters).")
public class TrainPretrainCommand extends BaseCommand {
  /** Some checkpoints failed; the others were written. */
  public static final int EXIT_PARTIAL = 4;

  @CommandLine.Option(
      names = "--corpus",
      required = true,
      description = "Canonical corpus (Parquet).")
  String corpus;

  @CommandLine.Option(
      names = "--dataset",
      required = true,
      split = ",",
      description = "Source dataset(s) of the corpus (repeat or comma-separate).")
  List<String> datasets;

  @CommandLine.Option(
      names = "--arch",
      required = true,
      split = ",",
      description = "Architecture(s): resnet1d101, bilstm, resnet1d-small, bilstm-small.")
  List<String> architectures;

  @CommandLine.Option(
      names = "--label-set",
      description =
          "Label set to learn (labels_<set> column); default: the one the dataset name contains.")
  String labelSet;

  @CommandLine.Option(
      names = "--out",
      required = true,
      description = "Zoo folder; new entries are appended to its zoo.yaml.")
  String out;

  @CommandLine.Mixin TrainOptions train = new TrainOptions();

  @Override
  protected int doCall() {
    outputGuard().requiredInput("--corpus", corpus).check();
    SparkSession spark = SparkSessions.getOrCreate("melep train pretrain");
    PretrainJob job =
        new PretrainJob(spark)
            .corpus(corpus)
            .datasets(datasets)
            .architectures(architectures)
            .labelSet(labelSet)
            .out(out)
            .settings(train.settings(spark));
    PretrainJob.Result r;
    try (ConsoleProgress.Handle progress =
        ConsoleProgress.install(spark, ProgressOption.enabled(spec))) {
      r = job.execute();
    }
    out()
        .printf(
            "%-32s %-24s %6s %6s %6s %8s %8s  %s%n",
            "checkpoint", "device", "train", "test", "epoch", "test wF1", "prior", "split");
    for (PretrainOutcome o : r.outcomes()) {
      if (o.ok()) {
        out()
            .printf(
                Locale.ROOT,
                "%-32s %-24s %6d %6d %6d %8.4f %8.4f  %s%n",
                o.task().checkpoint(),
                o.device(),
                o.nTrain(),
                o.nTest(),
                o.bestEpoch(),
                o.test().weightedF1(),
                o.priorBaselineF1(),
                o.split());
      } else {
        out().printf("%-32s FAILED: %s%n", o.task().checkpoint(), o.error());
      }
    }
    if (r.manifest() != null) {
      out().printf("%s: %d checkpoints%n", r.manifestPath(), r.manifest().checkpoints().size());
    }
    out().flush();
    if (r.failed() == r.outcomes().size()) {
      throw new ExitException(EXIT_BAD_DATA, "no checkpoint could be trained");
    }
    return r.failed() > 0 ? EXIT_PARTIAL : EXIT_OK;
  }
}
