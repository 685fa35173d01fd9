package org.melep.cli;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.corpus.CorpusSchema;
import org.melep.inference.InferenceException;
import org.melep.inference.PredictJob;
import org.melep.inference.PredictResult;
import org.melep.inference.RunnerOptions;
import org.melep.progress.ConsoleProgress;
import org.melep.progress.ProgressOption;
import org.melep.spark.SparkSessions;
import org.melep.zoo.ZooManifest;
import picocli.CommandLine;

/**
 * {@code melep predict --corpus C --zoo Z --out P}: every zoo checkpoint's outputs on the corpus
 * records, written incrementally to the predictions table P (see {@code docs/inference.md}).
 */
@CommandLine.Command(
    name = "predict",
    description =
        "Run every checkpoint of a zoo on the corpus; add missing rows to the predictions table.")
public class PredictCommand extends BaseCommand {
  @CommandLine.Option(
      names = "--corpus",
      required = true,
      description = "Canonical corpus (Parquet).")
  String corpus;

  @CommandLine.Option(names = "--zoo", required = true, description = "Zoo manifest (YAML/JSON).")
  String zoo;

  @CommandLine.Option(
      names = "--out",
      required = true,
      description = "Predictions table (Parquet, partitioned by checkpoint).")
  String out;

  @CommandLine.Option(
      names = "--records-from",
      description =
          "Only these records: a Parquet table with a record_id column (e.g. folds), or a text file of ids, one per line.")
  String recordsFrom;

  @CommandLine.Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Records per model call (default ${DEFAULT-VALUE}).")
  int batchSize;

  @CommandLine.Option(
      names = "--threads",
      defaultValue = "0",
      description = "Model threads per task; 0 = spark.task.cpus (default).")
  int threads;

  @CommandLine.Option(
      names = "--device",
      defaultValue = "auto",
      description =
          "auto (GPU Spark assigned to the task, else CPU), cpu, or cuda (default ${DEFAULT-VALUE}).")
  String device;

  @CommandLine.Option(
      names = "--partitions",
      defaultValue = "0",
      description = "Tasks per checkpoint; 0 = the corpus's partitions.")
  int partitions;

  @CommandLine.Option(
      names = "--features",
      description =
          "Also store each checkpoint's feature output (its zoo entry's 'features') in the features column; rows without features are re-inferred.")
  boolean features;

  @Override
  protected int doCall() {
    RunnerOptions.Device d = RunnerOptions.parseDevice(device);
    if (batchSize < 1 || threads < 0 || partitions < 0) {
      throw new ExitException(
          EXIT_INVALID_INPUT,
          "Cannot predict: --batch-size must be >= 1, --threads and --partitions >= 0: "
              + batchSize
              + ", "
              + threads
              + ", "
              + partitions);
    }
    org.melep.io.OutputGuard guard =
        outputGuard()
            .requiredInput("--corpus", corpus)
            .requiredInput("--zoo", zoo)
            .requiredInput("--records-from", recordsFrom)
            .output(PredictJob.COMMAND, out);
    guard.checkInputsExist();
    ZooManifest manifest = ZooManifest.read(zoo, SparkSessions.hadoopConf());
    manifest.checkpoints().forEach(c -> guard.input(c.uri()));
    guard.check();
    if (features) {
      try {
        PredictJob.requireFeatureOutputs(manifest);
      } catch (IllegalArgumentException e) {
        throw new ExitException(EXIT_INVALID_INPUT, e.getMessage(), e);
      }
    }
    SparkSession spark = SparkSessions.getOrCreate("melep predict");
    PredictJob job =
        PredictJob.on(spark)
            .corpus(spark.read().parquet(corpus))
            .zoo(manifest)
            .output(out)
            .batchSize(batchSize)
            .partitions(partitions)
            .features(features)
            .options(new RunnerOptions(d, threads, -1));
    if (recordsFrom != null) {
      job.recordIds(readRecordIds(spark, recordsFrom));
    }
    PredictResult r;
    try (ConsoleProgress.Handle progress =
        ConsoleProgress.install(spark, ProgressOption.enabled(spec))) {
      r = job.execute();
    } catch (InferenceException e) {
      throw new ExitException(EXIT_BAD_DATA, e.getMessage(), e);
    }
    out().printf("%-24s %10s %10s %12s%n", "checkpoint", "inferred", "reused", "invalidated");
    for (String name : r.inferred().keySet()) {
      out()
          .printf(
              "%-24s %10d %10d %12d%n",
              name, r.inferred().get(name), r.reused().get(name), r.invalidated().get(name));
    }
    out()
        .printf(
            "%s: %d rows inferred, %d reused, %d invalidated%s%n",
            out,
            r.inferredTotal(),
            r.reusedTotal(),
            r.invalidatedTotal(),
            r.written() ? "" : " (up to date, nothing written)");
    out().flush();
    return EXIT_OK;
  }

  /** A Parquet table/folder with record_id, or a text file with one id per line. */
  static Dataset<Row> readRecordIds(SparkSession spark, String path) {
    if (path.endsWith(".txt") || path.endsWith(".csv") || path.endsWith(".ids")) {
      Dataset<String> lines = spark.read().textFile(path);
      List<String> ids =
          lines.collectAsList().stream()
              .map(String::trim)
              .filter(s -> !s.isEmpty() && !s.startsWith("#") && !s.equals(CorpusSchema.RECORD_ID))
              .distinct()
              .toList();
      return spark.createDataset(ids, Encoders.STRING()).toDF(CorpusSchema.RECORD_ID);
    }
    return spark.read().parquet(path).select(CorpusSchema.RECORD_ID).distinct();
  }
}
