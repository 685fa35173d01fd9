package org.melep.cli;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.inference.CheckpointFiles;
import org.melep.score.ScoringFixture;
import org.melep.spark.SparkTestBase;

/**
 * Failures inside Spark tasks reach the user as one line with melep's own message and the
 * documented exit code; the stack trace only with {@code --verbose}.
 */
class TestErrorReporting extends SparkTestBase {
  private static final Path ROOT = Path.of("target", "test-error-reporting").toAbsolutePath();

  record Run(int status, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  static Run melep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @BeforeAll
  static void tables() throws Exception {
    if (Files.exists(ROOT)) {
      try (Stream<Path> s = Files.walk(ROOT)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(ROOT);
    ScoringFixture fx = new ScoringFixture(5, 30, 2, 1, 20);
    Dataset<Row> p = fx.predictions(spark, 2);
    String victim = ScoringFixture.id(3);
    p.write().parquet(ROOT.resolve("p-ok").toString());
    p.withColumn(
            "logits",
            when(col("record_id").equalTo(victim), transform(col("logits"), x -> lit(Double.NaN)))
                .otherwise(col("logits")))
        .write()
        .parquet(ROOT.resolve("p-nan").toString());
    p.withColumn(
            "logits",
            when(col("record_id").equalTo(victim), array(lit(1.0))).otherwise(col("logits")))
        .write()
        .parquet(ROOT.resolve("p-short").toString());
    p.write().json(ROOT.resolve("p-json").toString());
    fx.targets(spark).write().parquet(ROOT.resolve("t").toString());
  }

  private static String[] score(String predictions, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "score",
                "--predictions",
                ROOT.resolve(predictions).toString(),
                "--targets",
                ROOT.resolve("t").toString(),
                "--out",
                ROOT.resolve("o-" + predictions).toString()));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Test
  void badPredictionValuesRaisedInTasksAreOneLineWithExitCode3() {
    Run nan = melep(score("p-nan"));
    assertThat(nan.status()).as(nan.err()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(nan.errLines())
        .singleElement()
        .asString()
        .startsWith("melep: Cannot score: every checkpoint failed: ")
        .contains("Cannot use predictions of checkpoint ")
        .contains(ScoringFixture.id(3))
        .contains("NaN");
    Run shorter = melep(score("p-short"));
    assertThat(shorter.status()).as(shorter.err()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(shorter.errLines())
        .singleElement()
        .asString()
        .startsWith("melep: Cannot ")
        .contains(ScoringFixture.id(3));
    assertThat(ROOT.resolve("o-p-nan")).doesNotExist();
    assertThat(ROOT.resolve("o-p-short")).doesNotExist();
  }

  @Test
  void verboseAddsTheStackTraceBeforeOrAfterTheSubcommand() {
    String[] args = score("p-nan");
    List<String> after = new ArrayList<>(List.of(args));
    after.add("--verbose");
    Run late = melep(after.toArray(new String[0]));
    assertThat(late.status()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(late.errLines().get(0)).startsWith("melep: Cannot score: every checkpoint failed: ");
    assertThat(late.errLines().size()).isGreaterThan(10);
    assertThat(late.err()).contains("\tat org.melep.");
    List<String> before = new ArrayList<>(List.of("--verbose"));
    before.addAll(List.of(args));
    Run early = melep(before.toArray(new String[0]));
    assertThat(early.errLines().get(0)).isEqualTo(late.errLines().get(0));
    assertThat(early.err()).contains("\tat org.melep.");
  }

  @Test
  void aTableInAnotherFormatThanTheGivenOneIsExit2InOneLine() {
    Run r = melep(score("p-json", "--format", "parquet"));
    assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("melep: Cannot read an input in the given --format: ")
        .contains("is not a Parquet file");
  }

  @Test
  void predictOnARecordOutsideTheContractAndOnATruncatedDjlFileIsOneLine() throws Exception {
    List<Row> rows = new ArrayList<>();
    List<Double> gains = new ArrayList<>(Collections.nCopies(12, EcgSignal.DEFAULT_GAIN));
    for (int i = 0; i < 4; i++) {
      int n = i == 2 ? 500 : 1000; // record 2 is 5 s long: the checkpoints take 10 s
      short[][] d = new short[12][n];
      for (int k = 0; k < 12; k++) {
        for (int j = 0; j < n; j++) {
          d[k][j] = (short) (300 * Math.sin((i + 1) * (k + 1) * j / 200.0));
        }
      }
      rows.add(
          RowFactory.create(
              "err/r" + i,
              "err",
              100.0,
              n,
              EcgSignal.encode(d),
              gains,
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              null,
              null,
              "x",
              null));
    }
    String corpus = ROOT.resolve("corpus").toString();
    spark.createDataFrame(rows, CorpusSchema.SCHEMA).write().partitionBy("dataset").parquet(corpus);
    Path zooDir = ROOT.resolve("zoo");
    assertThat(melep("zoo", "demo", "--out", zooDir.toString()).status()).isZero();
    Path manifest = zooDir.resolve("zoo.yaml");
    String yaml = Files.readString(manifest);
    // only the DJL checkpoint, on the short record: a contract mismatch raised inside a task
    String djlOnly =
        "checkpoints:\n" + yaml.substring(yaml.indexOf("  - name: resnet1d-ptbxl-djl"));
    Files.writeString(zooDir.resolve("djl.yaml"), djlOnly);
    Run mismatch =
        melep(
            "predict",
            "--corpus",
            corpus,
            "--zoo",
            zooDir.resolve("djl.yaml").toString(),
            "--out",
            ROOT.resolve("preds").toString());
    assertThat(mismatch.status()).as(mismatch.err()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(mismatch.errLines())
        .containsExactly(
            "melep: Cannot run checkpoint resnet1d-ptbxl-djl on record err/r2: record has 500 samples, the checkpoint takes 1000");
    assertThat(ROOT.resolve("preds")).doesNotExist();

    // a truncated parameter file (with its new hash in the manifest): the file and the cause are
    // named
    Path params = zooDir.resolve("resnet1d-ptbxl-djl.params");
    byte[] bytes = Files.readAllBytes(params);
    byte[] half = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    Files.write(params, half);
    String sha =
        djlOnly.replaceFirst(
            "sha256: \"[0-9a-f]{64}\"", "sha256: \"" + CheckpointFiles.sha256(half) + "\"");
    Files.writeString(zooDir.resolve("djl.yaml"), sha);
    Run truncated =
        melep(
            "predict",
            "--corpus",
            corpus,
            "--zoo",
            zooDir.resolve("djl.yaml").toString(),
            "--out",
            ROOT.resolve("preds").toString());
    assertThat(truncated.status()).as(truncated.err()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(truncated.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "melep: Cannot run checkpoint resnet1d-ptbxl-djl: DJL cannot load the model file file:"
                + params
                + ": the file ends early")
        .doesNotEndWith("null");
  }

  @Test
  void theLauncherLoggingConfigurationSilencesSparksPerTaskErrorLogs() throws Exception {
    Path conf = Path.of("..", "conf", "log4j2.properties");
    try (var in = Files.newInputStream(conf)) {
      LoggerContext ctx = new LoggerContext("melep-launcher-check");
      ctx.start(
          new PropertiesConfigurationFactory()
              .getConfiguration(ctx, new ConfigurationSource(in, conf.toFile())));
      for (String logger :
          List.of(
              "org.apache.spark.executor.Executor",
              "org.apache.spark.scheduler.TaskSetManager",
              "org.apache.spark.sql.execution.datasources.FileFormatWriter",
              "org.apache.spark.util.Utils")) {
        assertThat(ctx.getLogger(logger).isEnabled(Level.ERROR)).as(logger).isFalse();
      }
      assertThat(ctx.getLogger("org.melep.cli.MelepCommand").isEnabled(Level.INFO)).isTrue();
      assertThat(ctx.getLogger("org.apache.spark.SparkContext").isEnabled(Level.WARN)).isTrue();
      ctx.stop();
    }
  }
}
