package org.melep.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.spark.SparkTestBase;

class TestFoldsJob extends SparkTestBase {
  @TempDir static Path dir;
  private static String corpus;

  @BeforeAll
  static void simulateCorpus() {
    corpus = dir.resolve("corpus").toString();
    new SimulateJob(spark)
        .config(SimulationConfig.embedded().withDatasets("sim_csn:0.7,sim_ptbxl:0.3"))
        .records(700)
        .seed(2)
        .partitions(2)
        .out(corpus)
        .execute();
  }

  @Test
  void writesFoldsAndSummaryFromTheSimulatedCsnRecords() {
    String out = dir.resolve("folds").toString();
    FoldsJob.Result r =
        new FoldsJob(spark).corpus(corpus).out(out).seed(4).folds(5).recordsPerFold(40).execute();
    assertThat(r.dataset()).isEqualTo("sim_csn");
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertThat(spark.read().parquet(out).schema()).isEqualTo(FoldsSchema.SCHEMA.asNullable());
    assertThat(rows).hasSize(200);
    Map<String, String> labelsOfRecord = new HashMap<>();
    for (Row row : spark.read().parquet(corpus).select("record_id", "dataset").collectAsList()) {
      labelsOfRecord.put(row.getString(0), row.getString(1));
    }
    Set<String> seen = new HashSet<>();
    for (Row row : rows) {
      assertThat(labelsOfRecord.get(row.<String>getAs("record_id"))).isEqualTo("sim_csn");
      assertThat(row.<String>getAs("split")).isIn("train", "test");
      assertThat(seen.add(row.getInt(0) + "/" + row.getAs("record_id"))).isTrue();
    }
    assertThat(rows.stream().filter(x -> x.getAs("split").equals("train")).count()).isEqualTo(140);
    List<Row> summary = spark.read().parquet(FoldsSchema.summaryPath(out)).collectAsList();
    assertThat(summary).hasSize(r.folds().stream().mapToInt(Fold::nLabels).sum());
    assertThat(summary)
        .allSatisfy(
            s -> {
              assertThat(s.<Integer>getAs("train_positives")).isPositive();
              assertThat(s.<Integer>getAs("test_positives")).isPositive();
              assertThat(s.<Boolean>getAs("flagged")).isFalse();
            });
  }

  @Test
  void transferOptionsReachTheWrittenFolds() {
    String out = dir.resolve("folds-transfer").toString();
    FoldsJob.Result r =
        new FoldsJob(spark)
            .corpus(corpus)
            .out(out)
            .seed(6)
            .folds(3)
            .recordsPerFold(40)
            .labels(3)
            .prevalenceMatched(true)
            .testSize(30)
            .execute();
    assertThat(r.folds()).allSatisfy(f -> assertThat(f.nLabels()).isEqualTo(3));
    List<Row> rows = spark.read().parquet(out).collectAsList();
    assertThat(rows).hasSize(3 * (28 + 30));
    assertThat(rows.stream().filter(x -> x.getAs("split").equals("test")).count()).isEqualTo(90);
    assertThat(rows).allSatisfy(x -> assertThat(x.<Integer>getAs("n_labels")).isEqualTo(3));
  }

  @Test
  void ptbxlProtocolUsesTheSuperclassesOfSimPtbxl() {
    String out = dir.resolve("folds-ptbxl").toString();
    FoldsJob.Result r =
        new FoldsJob(spark)
            .corpus(corpus)
            .out(out)
            .protocol("ptbxl")
            .folds(3)
            .recordsPerFold(50)
            .allowSmaller(true)
            .execute();
    assertThat(r.dataset()).isEqualTo("sim_ptbxl");
    assertThat(r.folds())
        .allSatisfy(
            f -> assertThat(List.of("NORM", "MI", "STTC", "HYP", "CD")).containsAll(f.labels()));
  }

  @Test
  void commandLineRunsTheJobAndMapsATooSmallCorpusToInvalidInput() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli =
        org.melep.cli.MelepCommand.commandLine(
            new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
    String folds = dir.resolve("cli-folds").toString();
    int ok =
        cli.execute(
            "folds",
            "--corpus",
            corpus,
            "--out",
            folds,
            "--folds",
            "2",
            "--records-per-fold",
            "20");
    assertThat(ok).as(err.toString()).isEqualTo(org.melep.cli.BaseCommand.EXIT_OK);
    assertThat(out.toString())
        .startsWith("Drew 2 folds from sim_csn (")
        .contains("to " + folds + " (summary " + folds + "_summary)");
    assertThat(spark.read().parquet(folds).count()).isEqualTo(40);
    int bad = cli.execute("folds", "--corpus", corpus, "--out", folds + "-big");
    assertThat(bad).isEqualTo(org.melep.cli.BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString()).contains("melep: Cannot draw folds: only ");
  }

  @Test
  void missingDatasetAndTooSmallCorpusAreNamed() {
    String out = dir.resolve("never").toString();
    assertThatThrownBy(() -> new FoldsJob(spark).corpus(corpus).out(out).dataset("csn").execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot draw folds: corpus " + corpus + " has no record of dataset csn");
    assertThatThrownBy(() -> new FoldsJob(spark).corpus(corpus).out(out).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot draw folds: only ")
        .hasMessageContaining("but --records-per-fold is 1000");
    assertThat(dir.resolve("never")).doesNotExist();
  }
}
