package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.spark.SparkTestBase;
import picocli.CommandLine;

/**
 * {@code melep zoo demo|verify} and {@code melep predict} through the command line, on local[2].
 */
class TestPredictCommand extends SparkTestBase {
  private static final Path ROOT = Path.of("target", "test-predict-cli").toAbsolutePath();

  /** Exit code, stdout and stderr of one command line. */
  record Run(int status, String out, String err) {}

  static Run melep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = MelepCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @BeforeAll
  static void corpus() throws Exception {
    if (Files.exists(ROOT)) {
      try (var s = Files.walk(ROOT)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(ROOT);
    List<Row> rows = new ArrayList<>();
    List<Double> gains = new ArrayList<>(Collections.nCopies(12, EcgSignal.DEFAULT_GAIN));
    for (int i = 0; i < 12; i++) {
      short[][] d = new short[12][1000];
      for (int k = 0; k < 12; k++) {
        for (int j = 0; j < 1000; j++) {
          d[k][j] = (short) (500 * Math.sin((i + 1) * (k + 1) * j / 300.0));
        }
      }
      rows.add(
          RowFactory.create(
              "cli/r" + i,
              "cli",
              100.0,
              1000,
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
    spark
        .createDataFrame(rows, CorpusSchema.SCHEMA)
        .write()
        .partitionBy("dataset")
        .parquet(ROOT.resolve("corpus").toString());
  }

  @Test
  void demoVerifyAndIncrementalPredict() throws Exception {
    String zooDir = ROOT.resolve("zoo").toString();
    Run demo = melep("zoo", "demo", "--out", zooDir, "--seed", "4");
    assertThat(demo.status()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains(
            "resnet1d-cpsc",
            "bilstm-georgia",
            "resnet1d-ptbxl-djl",
            "wrote " + zooDir + "/zoo.yaml");

    String zoo = zooDir + "/zoo.yaml";
    Run verify = melep("zoo", "verify", "--zoo", zoo);
    assertThat(verify.status()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("3 checkpoint(s), 0 failed");
    assertThat(verify.out().lines().filter(l -> l.contains(" OK ")).count()).isEqualTo(3);

    String out = ROOT.resolve("predictions").toString();
    Files.writeString(ROOT.resolve("ids.txt"), "record_id\ncli/r1\ncli/r2\n\ncli/r3\n");
    Run some =
        melep(
            "predict",
            "--corpus",
            ROOT.resolve("corpus").toString(),
            "--zoo",
            zoo,
            "--out",
            out,
            "--records-from",
            ROOT.resolve("ids.txt").toString(),
            "--batch-size",
            "2");
    assertThat(some.status()).as(some.err()).isZero();
    assertThat(some.out()).contains(out + ": 9 rows inferred, 0 reused, 0 invalidated");

    Run all =
        melep("predict", "--corpus", ROOT.resolve("corpus").toString(), "--zoo", zoo, "--out", out);
    assertThat(all.status()).as(all.err()).isZero();
    assertThat(all.out()).contains(out + ": 27 rows inferred, 9 reused, 0 invalidated");
    assertThat(spark.read().parquet(out).count()).isEqualTo(36);

    Run again =
        melep("predict", "--corpus", ROOT.resolve("corpus").toString(), "--zoo", zoo, "--out", out);
    assertThat(again.out())
        .contains(
            out + ": 0 rows inferred, 36 reused, 0 invalidated (up to date, nothing written)");
  }

  @Test
  void verifyFailsWithExitCodeAndBadManifestIsInvalidInput() throws Exception {
    String zooDir = ROOT.resolve("zoo-bad").toString();
    assertThat(melep("zoo", "demo", "--out", zooDir).status()).isZero();
    Path manifest = Path.of(zooDir, "zoo.yaml");
    String text = Files.readString(manifest);
    Files.writeString(manifest, text.replaceFirst("sha256: \"[0-9a-f]{8}", "sha256: \"00000000"));
    Run verify = melep("zoo", "verify", "--zoo", manifest.toString());
    assertThat(verify.status()).as(verify.err()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(verify.out()).contains("FAILED", "3 checkpoint(s), 1 failed");

    Files.writeString(manifest, "checkpoints: [{name: x}]\n");
    Run bad = melep("zoo", "verify", "--zoo", manifest.toString());
    assertThat(bad.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(bad.err())
        .contains(
            "melep: Cannot read zoo manifest "
                + manifest
                + ": checkpoint #1 (x): missing field 'uri'");
  }

  @Test
  void parsesPredictOptions() {
    CommandLine cli =
        MelepCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    PredictCommand p =
        (PredictCommand)
            cli.parseArgs(
                    "predict",
                    "--corpus",
                    "c",
                    "--zoo",
                    "z",
                    "--out",
                    "o",
                    "--batch-size",
                    "64",
                    "--threads",
                    "2",
                    "--device",
                    "cpu",
                    "--partitions",
                    "8")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(p.batchSize).isEqualTo(64);
    assertThat(p.threads).isEqualTo(2);
    assertThat(p.device).isEqualTo("cpu");
    assertThat(p.partitions).isEqualTo(8);
    Run badDevice =
        melep("predict", "--corpus", "c", "--zoo", "z", "--out", "o", "--device", "tpu");
    assertThat(badDevice.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(badDevice.err())
        .contains("Cannot run models: --device must be auto, cpu or cuda: tpu");
  }
}
