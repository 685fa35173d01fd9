package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.melep.report.SyntheticReport;
import org.melep.spark.SparkTestBase;
import picocli.CommandLine;

class TestReportCommand extends SparkTestBase {

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void parsesOptionsWithDefaults() {
    CommandLine cli =
        MelepCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ReportCommand cmd =
        (ReportCommand)
            cli.parseArgs("report", "--scores", "s", "--finetune", "g", "--out", "r")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(cmd.format).isEqualTo("parquet");
    assertThat(cmd.epochRule).isEqualTo("paper");
    assertThat(cmd.bootstrap).isEqualTo(2000);
    assertThat(cmd.seed).isEqualTo(1);
    assertThat(cmd.baselineScores).isNull();
  }

  @Test
  void reportsFromScoreOutputAndFineTuningFolders() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "report-cli");
    SyntheticReport fx = new SyntheticReport(8, 2, 2, 5);
    // the folders as melep score and the fine-tuning job write them: O/scores, G/finetune
    fx.scores(spark).write().json(dir.resolve("o/scores").toString());
    fx.finetune(spark).write().json(dir.resolve("g/finetune").toString());
    Run r =
        run(
            "report",
            "--scores",
            dir.resolve("o").toString(),
            "--finetune",
            dir.resolve("g").toString(),
            "--out",
            dir.resolve("r").toString(),
            "--format",
            "json",
            "--bootstrap",
            "200",
            "--epoch-rule",
            "validation");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("On 7 folds (validation epochs), MELEP (code) picked the best checkpoint in ")
        .contains("Shuffled baseline: not computed")
        .contains("Wrote " + dir.resolve("r") + "/index.html");
    assertThat(dir.resolve("r/index.html"))
        .content()
        .contains("<p class=\"summary\" id=\"summary\">On 7 folds");
    assertThat(dir.resolve("r/tables/correlation.csv")).exists();
    assertThat(dir.resolve("r/figures/levels-validation-melep-code.svg")).exists();
  }

  @Test
  void theShuffledBaselineIsScoredFromPermutedPredictions() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "report-cli-shuffled");
    org.melep.score.ScoringFixture fx = new org.melep.score.ScoringFixture(6, 80, 2, 4, 50);
    fx.predictions(spark, 2).write().parquet(dir.resolve("p").toString());
    fx.targets(spark).write().parquet(dir.resolve("t").toString());
    fx.folds(spark).write().parquet(dir.resolve("f").toString());
    org.melep.score.ScoreJob.on(spark)
        .predictions(fx.predictions(spark, 2))
        .targets(fx.targets(spark))
        .folds(fx.folds(spark))
        .execute()
        .scores()
        .write()
        .parquet(dir.resolve("o/scores").toString());
    java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(2);
    for (int f = 0; f < 4; f++) {
      for (int c = 0; c < 2; c++) {
        for (String rule : java.util.List.of("paper", "validation")) {
          rows.add(
              org.apache.spark.sql.RowFactory.create(
                  String.valueOf(f), "ckpt" + c, 0, rule, 0.5 + 0.1 * random.nextDouble(), "ok"));
        }
      }
    }
    spark
        .createDataFrame(
            rows,
            new org.apache.spark.sql.types.StructType()
                .add("fold_id", "string")
                .add("checkpoint", "string")
                .add("seed", "int")
                .add("epoch_rule", "string")
                .add("weighted_f1", "double")
                .add("status", "string"))
        .write()
        .parquet(dir.resolve("g/finetune").toString());
    Run r =
        run(
            "report",
            "--scores",
            dir.resolve("o").toString(),
            "--finetune",
            dir.resolve("g").toString(),
            "--out",
            dir.resolve("r").toString(),
            "--predictions",
            dir.resolve("p").toString(),
            "--targets",
            dir.resolve("t").toString(),
            "--folds",
            dir.resolve("f").toString(),
            "--bootstrap",
            "100",
            "--seed",
            "4");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "Shuffled baseline: MELEP of "
                + dir.resolve("p")
                + " with record ids permuted among each checkpoint's records (seed 4), scored here.");
    java.util.List<String> joined = Files.readAllLines(dir.resolve("r/tables/joined.csv"));
    java.util.Map<String, String> original = new java.util.HashMap<>();
    java.util.Map<String, String> shuffled = new java.util.HashMap<>();
    for (String line : joined.subList(1, joined.size())) {
      String[] v = line.split(",", -1);
      if (v[0].equals("paper")) {
        (v[1].equals("melep-code")
                ? original
                : v[1].equals("shuffled-melep-code")
                    ? shuffled
                    : new java.util.HashMap<String, String>())
            .put(v[2] + "/" + v[3], v[6]);
      }
    }
    assertThat(shuffled).hasSize(8).containsOnlyKeys(original.keySet());
    assertThat(shuffled).isNotEqualTo(original);
  }

  @Test
  void badInputsGiveOneLineAndTheirExitCode() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "report-cli-bad");
    SyntheticReport fx = new SyntheticReport(4, 2, 1, 5);
    fx.scores(spark).write().parquet(dir.resolve("s").toString());
    fx.finetune(spark)
        .withColumn("weighted_f1", org.apache.spark.sql.functions.lit(1.5))
        .write()
        .parquet(dir.resolve("g").toString());
    Run bad =
        run(
            "report",
            "--scores",
            dir.resolve("s").toString(),
            "--finetune",
            dir.resolve("g").toString(),
            "--out",
            dir.resolve("r").toString());
    assertThat(bad.status()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(bad.err())
        .startsWith("melep: Cannot read the finetune table: fold ")
        .contains(", checkpoint ck-")
        .contains("column weighted_f1 is not a number in [0, 1] on an ok row: 1.5");
    assertThat(bad.err().strip().lines()).hasSize(1);
    Run missing =
        run(
            "report",
            "--scores",
            dir.resolve("nothing").toString(),
            "--finetune",
            dir.resolve("g").toString(),
            "--out",
            dir.resolve("r").toString());
    assertThat(missing.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(missing.err())
        .contains("Cannot read --scores " + dir.resolve("nothing") + ": no such file or folder");
    Run both =
        run(
            "report",
            "--scores",
            "s",
            "--finetune",
            "g",
            "--out",
            "r",
            "--baseline-scores",
            "b",
            "--predictions",
            "p");
    assertThat(both.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(both.err())
        .contains("Cannot report: give --baseline-scores or --predictions, not both");
  }
}
