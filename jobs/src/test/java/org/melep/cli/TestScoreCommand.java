package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.melep.score.ScoringFixture;
import org.melep.spark.SparkTestBase;
import picocli.CommandLine;

class TestScoreCommand extends SparkTestBase {

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
    ScoreCommand cmd =
        (ScoreCommand)
            cli.parseArgs(
                    "score",
                    "--predictions",
                    "p",
                    "--targets",
                    "t",
                    "--out",
                    "o",
                    "--weighting",
                    "code,paper")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(cmd.split).isEqualTo("train");
    assertThat(cmd.format).isEqualTo("parquet");
    assertThat(cmd.weightings).containsExactly("code", "paper");
    assertThat(cmd.folds).isNull();
  }

  @Test
  void scoresTablesOnDiskAndReplacesTheOutputAtomically() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "score-cli");
    ScoringFixture fx = new ScoringFixture(6, 50, 2, 3, 40);
    fx.predictions(spark, 2).write().mode(SaveMode.Overwrite).parquet(dir.resolve("p").toString());
    fx.targets(spark).write().mode(SaveMode.Overwrite).parquet(dir.resolve("t").toString());
    fx.folds(spark).write().mode(SaveMode.Overwrite).parquet(dir.resolve("f").toString());
    String[] args = {
      "score",
      "--predictions",
      dir.resolve("p").toString(),
      "--targets",
      dir.resolve("t").toString(),
      "--folds",
      dir.resolve("f").toString(),
      "--out",
      dir.resolve("o").toString()
    };
    Run first = run(args);
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("Scored 6 groups (3 folds x 2 checkpoints): 6 ok, 0 degenerate, 0 incomplete");
    assertThat(dir.resolve("o/summary.json")).content().contains("\"groupsOk\" : 6");
    Run second = run(args);
    assertThat(second.status()).isZero();
    assertThat(spark.read().parquet(dir.resolve("o/scores").toString()).count()).isEqualTo(6);
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("staging") || n.contains(".old-"));
    }
  }

  @Test
  void corpusAndZooGoTogetherAndPredictionsNeedTargets() {
    Run halfCorpus = run("score", "--corpus", "c", "--folds", "f", "--out", "target/never");
    assertThat(halfCorpus.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(halfCorpus.err()).contains("Cannot score: --corpus and --zoo go together");
    Run noTargets = run("score", "--predictions", "p", "--out", "target/never");
    assertThat(noTargets.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(noTargets.err())
        .contains("Cannot score: give --corpus and --zoo, or --predictions and --targets");
  }

  @Test
  void aMissingColumnIsAnInvalidInputNamingIt() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "score-cli-bad");
    ScoringFixture fx = new ScoringFixture(7, 10, 1, 1, 10);
    fx.predictions(spark, 1).drop("checkpoint").write().parquet(dir.resolve("p").toString());
    fx.targets(spark).write().parquet(dir.resolve("t").toString());
    Run r =
        run(
            "score",
            "--predictions",
            dir.resolve("p").toString(),
            "--targets",
            dir.resolve("t").toString(),
            "--out",
            dir.resolve("o").toString());
    assertThat(r.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "Cannot read the predictions table: missing column checkpoint; it has record_id, logits, source_labels");
    assertThat(dir.resolve("o")).doesNotExist();
  }
}
