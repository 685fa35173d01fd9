package org.melep.cli;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.melep.corpus.RecordParseException;
import org.melep.corpus.preprocess.Normalization;
import org.melep.corpus.preprocess.PreprocessOptions;
import org.melep.corpus.preprocess.ResampleMethod;
import org.melep.ingest.IngestJob;
import org.melep.ingest.IngestSummary;
import org.melep.labels.LabelSets;
import org.melep.spark.SparkSessions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code melep ingest}: ECG record trees into the canonical corpus. See {@code docs/ingest.md}. */
@Command(
    name = "ingest",
    description = {
      "Reads PhysioNet/CinC challenge trees (.hea + .mat/.dat, any depth) and PTB-XL roots"
          + " (ptbxl_database.csv) into the canonical corpus (Parquet, partitioned by dataset),"
          + " with a rejects table in <out>/_rejects. A rerun replaces the output atomically."
    })
public class IngestCommand extends BaseCommand {

  @Option(
      names = "--input",
      arity = "1..*",
      required = true,
      paramLabel = "PATH",
      description =
          "Input folders (local, hdfs://, s3a://, dbfs:/ ...); format detected per folder.")
  List<String> inputs;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "Corpus folder.")
  String out;

  @Option(
      names = "--ptbxl-rate",
      defaultValue = "100",
      description =
          "PTB-XL version to read: 100 (records100/) or 500 (records500/). Default:"
              + " ${DEFAULT-VALUE}.")
  int ptbxlRate;

  @Option(
      names = "--fs",
      defaultValue = "100",
      description = "Output sampling rate in Hz. Default: ${DEFAULT-VALUE}.")
  double fs;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description =
          "Seconds kept from the start of each record; shorter records are rejected. Default:"
              + " ${DEFAULT-VALUE}.")
  double seconds;

  @Option(
      names = "--resample",
      defaultValue = "fir",
      description =
          "fir (anti-aliased, default) or decimate (every k-th sample, as the paper's authors).")
  String resample;

  @Option(
      names = "--normalize",
      defaultValue = "none",
      description = "none (mV, default) or minmax (each lead to [-1, 1]).")
  String normalize;

  @Option(
      names = "--labels",
      paramLabel = "CSV",
      description = "Label sets file (default: conf/labels/label-sets.csv in the jar).")
  String labels;

  @Option(
      names = "--max-file-mb",
      defaultValue = "64",
      description = "Input files larger than this are rejected. Default: ${DEFAULT-VALUE}.")
  long maxFileMb;

  @Option(
      names = "--max-output-file-mb",
      defaultValue = "128",
      description = "Bound on the size of each corpus Parquet file. Default: ${DEFAULT-VALUE}.")
  long maxOutputFileMb;

  @Option(
      names = "--allow-empty",
      description =
          "Write an empty corpus when the inputs yield no record (default: refuse, write nothing).")
  boolean allowEmpty;

  @Override
  protected int doCall() {
    PreprocessOptions options =
        new PreprocessOptions(
            fs, seconds, ResampleMethod.parse(resample), Normalization.parse(normalize));
    LabelSets sets = LabelSets.load(labels);
    if (maxFileMb < 1 || maxOutputFileMb < 1) {
      throw new IllegalArgumentException(
          "Cannot ingest: --max-file-mb and --max-output-file-mb must be positive");
    }
    org.melep.io.OutputGuard guard =
        outputGuard().requiredInput("--labels", labels).output("ingest", out);
    for (String input : inputs) {
      guard.requiredInput("--input", input);
    }
    guard.check();
    SparkSession spark = SparkSessions.getOrCreate("melep ingest");
    IngestSummary summary;
    try {
      summary =
          new IngestJob(spark)
              .inputs(inputs)
              .output(out)
              .ptbxlRate(ptbxlRate)
              .options(options)
              .labelSets(sets)
              .maxInputFileBytes(maxFileMb << 20)
              .maxOutputFileBytes(maxOutputFileMb << 20)
              .progress(line -> err().println(line), 5_000)
              .allowEmpty(allowEmpty)
              .execute();
    } catch (RecordParseException | org.melep.ingest.EmptyIngestException e) {
      throw new ExitException(EXIT_BAD_DATA, e.getMessage(), e);
    }
    summary.print(out());
    return EXIT_OK;
  }

  /** For tests: the parsed options without running. */
  static IngestCommand parse(String... args) {
    CommandLine cli = new CommandLine(new IngestCommand());
    cli.parseArgs(args);
    return cli.getCommand();
  }
}
