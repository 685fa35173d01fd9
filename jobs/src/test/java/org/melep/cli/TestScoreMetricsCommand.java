package org.melep.cli;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.melep.score.ScoringFixture;
import org.melep.spark.SparkTestBase;
import picocli.CommandLine;

/** {@code melep score --metric}: the metric and value columns, and the ranking per metric. */
class TestScoreMetricsCommand extends SparkTestBase {

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
  void metricDefaultsToMelepAndUnknownMetricsAreInvalidInput() {
    CommandLine cli =
        MelepCommand.commandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    ScoreCommand cmd =
        (ScoreCommand)
            cli.parseArgs("score", "--predictions", "p", "--targets", "t", "--out", "o")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(cmd.metrics).containsExactly("melep");
    Run bad =
        run(
            "score",
            "--predictions",
            "p",
            "--targets",
            "t",
            "--out",
            "target/never",
            "--metric",
            "melep,leep");
    assertThat(bad.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(bad.err())
        .contains(
            "Cannot parse metric: expected one of melep, logme, hscore, hscore-lw, nce, gbc: leep");
  }

  @Test
  void scoresEveryMetricAndRanksEachInItsDirection() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "score-metrics");
    ScoringFixture fx = new ScoringFixture(11, 80, 3, 2, 60);
    Dataset<Row> predictions =
        fx.predictions(spark, 2)
            .withColumn(
                "features",
                expr(
                    "array(cast(logits[0] as float), cast(logits[1] * logits[1] as float), "
                        + "cast(sin(logits[2] * 7) as float), cast(hash(record_id) % 97 / 97.0 as float))"));
    predictions.write().parquet(dir.resolve("p").toString());
    fx.targets(spark).write().parquet(dir.resolve("t").toString());
    fx.folds(spark).write().parquet(dir.resolve("f").toString());
    Run r =
        run(
            "score",
            "--predictions",
            dir.resolve("p").toString(),
            "--targets",
            dir.resolve("t").toString(),
            "--folds",
            dir.resolve("f").toString(),
            "--out",
            dir.resolve("o").toString(),
            "--metric",
            "melep,logme,hscore,hscore-lw,nce,gbc");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("logme");
    Dataset<Row> scores = spark.read().parquet(dir.resolve("o/scores").toString());
    assertThat(scores.count()).isEqualTo(2 * 3 * 6);
    for (Row row : scores.collectAsList()) {
      String metric = row.getAs("metric");
      assertThat(row.<Double>getAs("value")).as(metric + " " + row.getAs("status")).isNotNull();
      if (metric.equals("melep")) {
        assertThat(row.<Double>getAs("melep")).isEqualTo(row.<Double>getAs("value"));
      } else {
        assertThat(row.<Object>getAs("melep")).isNull();
      }
    }
    List<Row> ranking = spark.read().parquet(dir.resolve("o/ranking").toString()).collectAsList();
    assertThat(ranking).hasSize(2 * 6 * 3);
    for (Row first : ranking) {
      if (first.<Integer>getAs("rank") != 1) {
        continue;
      }
      String metric = first.getAs("metric");
      double best = first.getAs("value");
      for (Row other : ranking) {
        if (other.getAs("metric").equals(metric)
            && other.getAs("fold_id").equals(first.getAs("fold_id"))) {
          double v = other.getAs("value");
          if (metric.equals("melep")) {
            assertThat(v).isGreaterThanOrEqualTo(best);
          } else {
            assertThat(v).isLessThanOrEqualTo(best);
          }
        }
      }
    }
  }
}
