package org.melep.cli;

import org.melep.fold.FoldsJob;
import org.melep.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code melep folds}: the paper's target tasks (folds of labels, records and splits). */
@Command(
    name = "folds",
    description =
        "Draws the target folds of the paper from a corpus (CSN-style: N in 2..10 of the 20 CSN"
            + " labels, 1,000 records, 70/30 train/test, 100 folds; PTB-XL-style: 2..5 of the 5"
            + " superclasses) and writes the folds table and a per-fold summary (PATH_summary)."
            + " See docs/folds.md.")
public class FoldsCommand extends BaseCommand {
  @Option(names = "--corpus", required = true, description = "Canonical corpus (Parquet).")
  String corpus;

  @Option(names = "--out", required = true, description = "Folds table to write (Parquet).")
  String out;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--protocol",
      defaultValue = "csn",
      description = "csn (20 CSN labels) or ptbxl (5 superclasses) (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(
      names = "--dataset",
      description =
          "Dataset of the corpus to draw from (default: <protocol> if present, else"
              + " sim_<protocol>).")
  String dataset;

  @Option(
      names = "--folds",
      defaultValue = "100",
      description = "Number of folds (default: ${DEFAULT-VALUE}).")
  int folds;

  @Option(
      names = "--records-per-fold",
      defaultValue = "1000",
      description = "Records sampled per fold (default: ${DEFAULT-VALUE}).")
  int recordsPerFold;

  @Option(
      names = "--train-fraction",
      defaultValue = "0.7",
      description = "Share of a fold's records in train (default: ${DEFAULT-VALUE}).")
  double trainFraction;

  @Option(names = "--min-labels", description = "Fewest labels per fold (default 2).")
  Integer minLabels;

  @Option(
      names = "--max-labels",
      description = "Most labels per fold (default 10 for csn, 5 for ptbxl).")
  Integer maxLabels;

  @Option(
      names = "--labels",
      description =
          "A fixed number of labels per fold (instead of --min-labels..--max-labels), so folds"
              + " differ in which labels they hold, not how many.")
  Integer labels;

  @Option(
      names = "--prevalence-matched",
      description =
          "Draw one label from each prevalence stratum of the pool (ranked by prevalence in the"
              + " dataset, cut into as many strata as the fold has labels), so folds have similar"
              + " prevalence. See docs/folds.md.")
  boolean prevalenceMatched;

  @Option(
      names = "--test-size",
      description =
          "Test records per fold (default: the paper's split of --records-per-fold, 300 of"
              + " 1,000); the train split stays records-per-fold x train-fraction. To resolve"
              + " checkpoint differences of 2-3 F1 points use 1,500 or more (docs/folds.md).")
  Integer testSize;

  @Option(
      names = "--allow-smaller",
      description = "Sample all eligible records when fewer than --records-per-fold exist.")
  boolean allowSmaller;

  @Option(
      names = "--keep-flagged",
      description =
          "Keep (and flag in the summary) folds where a label has no positive in a split,"
              + " instead of redrawing them.")
  boolean keepFlagged;

  @Option(
      names = "--max-attempts",
      defaultValue = "20",
      description = "Draws per fold before giving up on flagged folds (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Override
  protected int doCall() {
    FoldsJob.Result r;
    FoldsJob job =
        new FoldsJob(() -> SparkSessions.getOrCreate("melep folds"))
            .corpus(corpus)
            .out(out)
            .protocol(protocol)
            .dataset(dataset)
            .seed(seed)
            .folds(folds)
            .recordsPerFold(recordsPerFold)
            .trainFraction(trainFraction)
            .minLabels(minLabels)
            .maxLabels(maxLabels)
            .allowSmaller(allowSmaller)
            .keepFlagged(keepFlagged)
            .maxAttempts(maxAttempts)
            .labels(labels)
            .prevalenceMatched(prevalenceMatched)
            .testSize(testSize);
    job.validate();
    outputGuard()
        .requiredInput("--corpus", corpus)
        .output("folds", out)
        .output("folds", org.melep.fold.FoldsSchema.summaryPath(out))
        .check();
    try {
      r = job.execute();
    } catch (IllegalStateException e) {
      throw new ExitException(EXIT_BAD_DATA, e.getMessage(), e);
    }
    out()
        .printf(
            "Drew %d folds from %s (%d records, %d with a positive label) to %s (summary %s):"
                + " %d redraws, %d flagged folds kept%n",
            r.folds().size(),
            r.dataset(),
            r.corpusRecords(),
            r.eligibleRecords(),
            r.out(),
            r.summaryOut(),
            r.redraws(),
            r.flaggedFolds());
    return EXIT_OK;
  }
}
