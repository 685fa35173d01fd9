package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * Option errors, missing inputs, unsafe outputs and oversized simulations are found before a Spark
 * session starts: one line, exit 2, and still no session afterwards.
 */
class TestChecksBeforeSpark {

  /** These tests check that no Spark session starts: none may be running before. */
  @BeforeAll
  static void noSparkSession() {
    SparkTestBase.stopSessions();
  }

  /**
   * Runs a command line that must fail with exit 2 and the one line {@code melep: <line>}, without
   * Spark.
   */
  private static void assertRefusedBeforeSpark(String line, String... args) {
    assumeThat(SparkSession.getDefaultSession().isDefined())
        .as("no Spark session left by another test")
        .isFalse();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    assertThat(status).as(err.toString()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString().lines().toList()).containsExactly("melep: " + line);
    assertThat(SparkSession.getDefaultSession().isDefined())
        .as("a Spark session was started")
        .isFalse();
  }

  @Test
  void foldsOptionsAreCheckedFirst() {
    assertRefusedBeforeSpark(
        "Cannot draw folds: --folds must be >= 1: -1",
        "folds",
        "--corpus",
        "nowhere",
        "--out",
        "target/never",
        "--folds",
        "-1");
    assertRefusedBeforeSpark(
        "Cannot draw folds: --train-fraction must be in (0, 1): 1.5",
        "folds",
        "--corpus",
        "nowhere",
        "--out",
        "target/never",
        "--train-fraction",
        "1.5");
    assertRefusedBeforeSpark(
        "Cannot draw folds: unknown --protocol (known: [csn, ptbxl]): x",
        "folds",
        "--corpus",
        "nowhere",
        "--out",
        "target/never",
        "--protocol",
        "x");
  }

  @Test
  void scoreOptionsFormatAndMissingInputsAreCheckedFirst() throws Exception {
    Path d = Files.createTempDirectory(Path.of("target"), "before-spark").toAbsolutePath();
    Files.writeString(d.resolve("t.json"), "{}\n");
    String t = d.resolve("t.json").toString();
    String o = d.resolve("o").toString();
    assertRefusedBeforeSpark(
        "Cannot score split validation: expected train, test or all",
        "score",
        "--predictions",
        t,
        "--targets",
        t,
        "--out",
        o,
        "--split",
        "validation");
    assertRefusedBeforeSpark(
        "Cannot read tables: unknown --format xml (expected parquet, json, csv or orc)",
        "score",
        "--predictions",
        t,
        "--targets",
        t,
        "--out",
        o,
        "--format",
        "xml");
    assertRefusedBeforeSpark(
        "Cannot read --predictions nope.json: no such file or folder",
        "score",
        "--predictions",
        "nope.json",
        "--targets",
        t,
        "--out",
        o);
    assertRefusedBeforeSpark(
        "Cannot read --folds " + d + "/missing: no such file or folder",
        "score",
        "--predictions",
        t,
        "--targets",
        t,
        "--folds",
        d + "/missing",
        "--out",
        o);
    assertThat(d.resolve("o")).doesNotExist();
  }

  @Test
  void predictAndIngestMissingInputsAreCheckedFirst() {
    assertRefusedBeforeSpark(
        "Cannot read --corpus /nonexistent: no such file or folder",
        "predict",
        "--corpus",
        "/nonexistent",
        "--zoo",
        "zoo.yaml",
        "--out",
        "target/never");
    assertRefusedBeforeSpark(
        "Cannot predict: --batch-size must be >= 1, --threads and --partitions >= 0: 0, 0, 0",
        "predict",
        "--corpus",
        "/nonexistent",
        "--zoo",
        "zoo.yaml",
        "--out",
        "target/never",
        "--batch-size",
        "0");
    assertRefusedBeforeSpark(
        "Cannot read --input /nonexistent/raw: no such file or folder",
        "ingest",
        "--input",
        "/nonexistent/raw",
        "--out",
        "target/never");
  }

  @Test
  void featuresOfACheckpointWithoutAFeatureOutputAreRefusedFirst() throws Exception {
    Path d = Files.createTempDirectory(Path.of("target"), "before-spark-features").toAbsolutePath();
    Files.createDirectories(d.resolve("corpus"));
    Files.write(d.resolve("m1.onnx"), new byte[] {1, 2, 3}); // never loaded
    Files.writeString(
        d.resolve("zoo.yaml"),
        "checkpoints:\n  - name: m1\n    uri: m1.onnx\n    sha256: \""
            + "ab".repeat(32)
            + "\"\n    format: onnx\n    input: {fs: 100, samples: 1000}\n    output: logits\n    labels: [NORM, AF]\n");
    String zoo = d.resolve("zoo.yaml").toString();
    String source =
        org.melep.zoo.ZooManifest.read(zoo, new org.apache.hadoop.conf.Configuration()).source();
    String line =
        "Cannot predict features: checkpoint m1 of "
            + source
            + " names no feature output"
            + " (add 'features: <ONNX output name>' to its entry; checkpoints melep train writes name theirs)";
    assertRefusedBeforeSpark(
        line,
        "predict",
        "--corpus",
        d.resolve("corpus").toString(),
        "--zoo",
        zoo,
        "--out",
        d.resolve("p").toString(),
        "--features");
    assertRefusedBeforeSpark(
        line,
        "score",
        "--corpus",
        d.resolve("corpus").toString(),
        "--zoo",
        zoo,
        "--out",
        d.resolve("o").toString(),
        "--metric",
        "melep,gbc");
    assertThat(d.resolve("p")).doesNotExist();
    assertThat(d.resolve("o")).doesNotExist();
  }

  @Test
  void simulateRefusesAnOutputAboveTheSizeBound() {
    assertRefusedBeforeSpark(
        "Cannot simulate 3000000000 records: the output would be about 72.9 TB (24300 bytes per record),"
            + " above the 10.0 GB bound; pass --yes or a larger --max-output-size to write it",
        "simulate",
        "--records",
        "3000000000",
        "--out",
        "target/never-huge");
    assertRefusedBeforeSpark(
        "Cannot simulate: --max-output-size must be a positive size like 10GB or 500MB: lots",
        "simulate",
        "--records",
        "5",
        "--out",
        "target/never-huge",
        "--max-output-size",
        "lots");
    assertThat(Path.of("target/never-huge")).doesNotExist();
  }

  @Test
  void anUnsafeOutputIsRefusedFirst() throws Exception {
    Path d = Files.createTempDirectory(Path.of("target"), "before-spark-out").toAbsolutePath();
    Files.writeString(d.resolve("keep.txt"), "mine\n");
    assertRefusedBeforeSpark(
        "Cannot write "
            + d
            + ": it exists and is not an output of melep simulate (no _melep_output.json in it);"
            + " remove it or choose another output path",
        "simulate",
        "--records",
        "5",
        "--out",
        d.toString());
    assertThat(d.resolve("keep.txt")).hasContent("mine");
  }

  @Test
  void aTypoedSplitOnTheCorpusPathOrInAConfigFileFailsInUnderASecond() throws Exception {
    Path d = Files.createTempDirectory(Path.of("target"), "before-spark-split").toAbsolutePath();
    String o = d.resolve("o").toString();
    String[] corpusPath = {
      "score",
      "--corpus",
      d.resolve("corpus").toString(),
      "--zoo",
      d.resolve("zoo.yaml").toString(),
      "--folds",
      d.resolve("folds").toString(),
      "--out",
      o
    };
    // warm-up: picocli and the command classes load once per JVM
    assertRefusedBeforeSpark(
        "Cannot score: --show must be >= 0: -1", concat(corpusPath, "--show", "-1"));

    long start = System.nanoTime();
    assertRefusedBeforeSpark(
        "Cannot score split trian: expected train, test or all",
        concat(corpusPath, "--split", "trian"));
    assertThat((System.nanoTime() - start) / 1e9)
        .as("seconds, --split on the command line")
        .isLessThan(1.0);

    Path config = Files.writeString(d.resolve("melep.yaml"), "score:\n  split: tset\n");
    start = System.nanoTime();
    assertRefusedBeforeSpark(
        "Cannot score split tset: expected train, test or all",
        concat(new String[] {"--config", config.toString()}, corpusPath));
    assertThat((System.nanoTime() - start) / 1e9)
        .as("seconds, split in the config file")
        .isLessThan(1.0);

    Path unknown = Files.writeString(d.resolve("unknown.yaml"), "score:\n  splt: test\n");
    StringWriter err = new StringWriter();
    start = System.nanoTime();
    int status =
        MelepCommand.commandLine(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
            .execute(concat(new String[] {"--config", unknown.toString()}, corpusPath));
    assertThat((System.nanoTime() - start) / 1e9)
        .as("seconds, unknown key in the config file")
        .isLessThan(1.0);
    assertThat(status).as(err.toString()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString().lines().toList())
        .containsExactly(
            "melep: Cannot read config file "
                + unknown
                + ": key score.splt: unknown option of command 'melep score'"
                + " (options: allow-missing, batch-size, corpus, device, folds, format, label-set, labels-column, metric, out,"
                + " predictions, show, source-labels, split, target-labels, targets, weighting, zoo)");
    assertThat(SparkSession.getDefaultSession().isDefined()).isFalse();
    assertThat(d.resolve("o")).doesNotExist();
  }

  @Test
  void aWrongCommandLineOptionIsOneLineToo() {
    assertRefusedBeforeSpark(
        "Unknown options: '--splt', 'test' (see 'melep score --help')",
        "score",
        "--predictions",
        "p",
        "--targets",
        "t",
        "--out",
        "target/never",
        "--splt",
        "test");
    assertRefusedBeforeSpark(
        "Invalid value for option '--batch-size': 'many' is not an int (see 'melep score --help')",
        "score",
        "--predictions",
        "p",
        "--targets",
        "t",
        "--out",
        "target/never",
        "--batch-size",
        "many");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
