package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.melep.corpus.RecordParseException;
import org.melep.inference.InferenceException;
import org.melep.io.UnsafeOutputException;
import org.melep.melep.InvalidPredictionException;

/** How failures map to the one line and the exit code, without Spark. */
class TestErrorReport {

  private static SparkException jobFailure(Throwable cause) {
    return new SparkException(
        "Job aborted due to stage failure: Task 1 in stage 6.0 failed 1 times, most recent failure: "
            + cause
            + "\n\tat a.b.C.d(C.java:1)",
        cause);
  }

  @Test
  void badDataRaisedInATaskIsExit3WithItsOwnFirstLine() {
    ErrorReport r =
        ErrorReport.of(
            new RuntimeException(
                jobFailure(
                    new InvalidPredictionException(
                        "Cannot use a prediction row without record_id (checkpoint c)\nmore"))));
    assertThat(r)
        .isEqualTo(
            new ErrorReport(3, "Cannot use a prediction row without record_id (checkpoint c)"));
    assertThat(ErrorReport.of(jobFailure(new RecordParseException("a/x.hea", "bad gain"))))
        .isEqualTo(new ErrorReport(3, "Cannot read a/x.hea: bad gain"));
    assertThat(
            ErrorReport.of(
                jobFailure(new IllegalStateException("Cannot score: unknown checkpoint z"))))
        .isEqualTo(new ErrorReport(3, "Cannot score: unknown checkpoint z"));
    assertThat(
            ErrorReport.of(
                jobFailure(
                    new InferenceException(
                        "m", "r1", "record has 500 samples, the checkpoint takes 1000"))))
        .isEqualTo(
            new ErrorReport(
                3,
                "Cannot run checkpoint m on record r1: record has 500 samples, the checkpoint takes 1000"));
  }

  @Test
  void aRemoteTaskFailureKnownOnlyAsTextIsStillFound() {
    SparkException remote =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 2.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 (TID 9) (10.0.0.7 executor 2): org.melep.melep.InvalidPredictionException: Cannot use"
                + " predictions of checkpoint a, record b: probability 1.5 outside [0, 1]\n\tat org.melep...",
            null);
    assertThat(ErrorReport.of(remote))
        .isEqualTo(
            new ErrorReport(
                3,
                "Cannot use predictions of checkpoint a, record b: probability 1.5 outside [0, 1]"));
  }

  @Test
  void driverSideMistakesAreExit2AndEverythingElseIsInternalWithAHint() {
    assertThat(
            ErrorReport.of(
                    new UnsafeOutputException("Cannot write D: it is the input D; choose ..."))
                .status())
        .isEqualTo(2);
    assertThat(
            ErrorReport.of(
                new IllegalArgumentException("Cannot score split x: expected train, test or all")))
        .isEqualTo(new ErrorReport(2, "Cannot score split x: expected train, test or all"));
    assertThat(ErrorReport.of(new ExitException(4, "2 of 5 checkpoints failed")))
        .isEqualTo(new ErrorReport(4, "2 of 5 checkpoints failed"));
    assertThat(
            ErrorReport.of(
                jobFailure(
                    new RuntimeException(
                        "file:/d/p.json is not a Parquet file. Expected magic number"))))
        .isEqualTo(
            new ErrorReport(
                2,
                "Cannot read an input in the given --format: file:/d/p.json is not a Parquet file. Expected magic number"));
    // a bug inside a task (no melep message) is not blamed on the data
    assertThat(ErrorReport.of(jobFailure(new NullPointerException())))
        .isEqualTo(
            new ErrorReport(
                1,
                "internal error: java.lang.NullPointerException (rerun with --verbose for the stack trace)"));
    assertThat(ErrorReport.of(new IllegalStateException("boom\nline 2")).line())
        .isEqualTo(
            "internal error: java.lang.IllegalStateException: boom (rerun with --verbose for the stack trace)");
  }
}
