package org.melep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * A scores table holding several metrics (as {@code melep score --metric
 * melep,logme,hscore-lw,nce,gbc} writes it: {@code metric}/{@code value} columns, the feature
 * metrics under the {@code uniform} weighting): the report shows every metric's correlation and
 * selection results side by side with MELEP's, in {@code tables/metrics.csv}, on the page and in
 * the summary sentence.
 */
class TestReportMetricsSideBySide extends SparkTestBase {
  private static ReportResult result;

  @BeforeAll
  static void report() {
    SyntheticReport fixture = new SyntheticReport(10, 3, 2, 11);
    Dataset<Row> melep =
        fixture
            .scores(spark)
            .filter("weighting = 'code'")
            .withColumn("metric", lit("melep"))
            .withColumn("value", col("melep"));
    Dataset<Row> code = melep.withColumn("melep", lit(null).cast("double"));
    // LogME-like: higher where MELEP is lower (a useful higher-is-better score)
    Dataset<Row> logme =
        code.withColumn("metric", lit("logme"))
            .withColumn("weighting", lit("uniform"))
            .withColumn("value", expr("-value"));
    // a higher-is-better score that rises with MELEP: the wrong way round for every checkpoint
    Dataset<Row> gbc =
        code.withColumn("metric", lit("gbc"))
            .withColumn("weighting", lit("uniform"))
            .withColumn("value", expr("value - 3"));
    // unrelated to transfer
    Dataset<Row> hscoreLw =
        code.withColumn("metric", lit("hscore-lw"))
            .withColumn("weighting", lit("uniform"))
            .withColumn("value", expr("rand(5)"));
    Dataset<Row> nce =
        code.withColumn("metric", lit("nce")).withColumn("value", expr("-value - 0.01 * rand(6)"));
    Dataset<Row> scores =
        melep.unionByName(logme).unionByName(gbc).unionByName(hscoreLw).unionByName(nce);
    result =
        ReportJob.on(spark)
            .scores(scores)
            .finetune(fixture.finetune(spark))
            .resamples(200)
            .execute();
  }

  @Test
  void everyMetricIsAVariantWithItsDirection() {
    assertThat(result.analysis().variants().stream().map(Variant::id))
        .containsExactly(
            "melep-code",
            "logme-uniform",
            "hscore-lw-uniform",
            "nce-code",
            "gbc-uniform",
            "label-only-code");
    Table m = result.analysis().table(ReportAnalysis.METRICS);
    for (List<Object> r : m.rows()) {
      assertThat(r.get(m.column("better")))
          .as(r.get(1).toString())
          .isEqualTo(
              r.get(1).toString().startsWith("melep")
                      || r.get(1).toString().startsWith("label-only")
                  ? "lower"
                  : "higher");
    }
  }

  @Test
  void theMetricsTableEqualsARecomputationFromTheJoinedCells() {
    Table m = result.analysis().table(ReportAnalysis.METRICS);
    Table sel = result.analysis().table(ReportAnalysis.SELECTION);
    assertThat(m.rows()).hasSize(2 * result.analysis().variants().size());
    for (List<Object> r : m.rows()) {
      String rule = (String) r.get(0);
      String variant = (String) r.get(1);
      int sign = r.get(m.column("better")).equals("lower") ? -1 : 1;
      Map<String, List<Cell>> byCheckpoint = new TreeMap<>();
      for (Cell c : result.analysis().cells(rule, variant)) {
        byCheckpoint.computeIfAbsent(c.checkpoint(), k -> new ArrayList<>()).add(c);
      }
      double sum = 0;
      int useful = 0;
      for (List<Cell> g : byCheckpoint.values()) {
        double rr =
            TestReportJob.naivePearson(
                g.stream().mapToDouble(Cell::score).toArray(),
                g.stream().mapToDouble(Cell::f1).toArray());
        sum += rr;
        useful += sign * rr > 0 ? 1 : 0;
      }
      assertThat(r.get(m.column("checkpoints"))).isEqualTo(byCheckpoint.size());
      assertThat(r.get(m.column("checkpoints_expected_sign"))).as(variant).isEqualTo((long) useful);
      assertThat((Double) r.get(m.column("mean_pearson_r")))
          .as(variant)
          .isCloseTo(sum / byCheckpoint.size(), within(1e-9));
      List<Object> s = ReportSummary.find(sel, rule, variant);
      for (String c :
          List.of(
              "folds",
              "top1_hits",
              "top1_rate",
              "regret_points",
              "random_top1_rate",
              "weighted_tau")) {
        assertThat(r.get(m.column(c))).as(variant + " " + c).isEqualTo(s.get(sel.column(c)));
      }
      assertThat(r.get(m.column("selection_spearman_rho")))
          .isEqualTo(s.get(sel.column("spearman_rho")));
    }
    // the constructed relations show: LogME and NCE (minus MELEP) useful on every checkpoint and
    // choosing as MELEP does, GBC (plus MELEP, higher taken as better) wrong on every one
    for (String rule : List.of("paper", "validation")) {
      assertThat(cell(m, rule, "logme-uniform", "checkpoints_expected_sign")).isEqualTo(3L);
      assertThat(cell(m, rule, "gbc-uniform", "checkpoints_expected_sign")).isEqualTo(0L);
      assertThat(cell(m, rule, "logme-uniform", "top1_hits"))
          .isEqualTo(cell(m, rule, "melep-code", "top1_hits"));
      assertThat((Double) cell(m, rule, "gbc-uniform", "regret_points"))
          .isGreaterThan((Double) cell(m, rule, "melep-code", "regret_points"));
      assertThat((Double) cell(m, rule, "logme-uniform", "mean_pearson_r"))
          .isCloseTo(-(Double) cell(m, rule, "melep-code", "mean_pearson_r"), within(1e-9));
    }
  }

  @Test
  void thePageShowsEveryMetricSideBySideWithMelep() {
    String html = ReportHtml.page(result);
    for (String rule : List.of("paper", "validation")) {
      int at = html.indexOf("<h3 id=\"side-by-side-" + rule + "\">Every score side by side</h3>");
      assertThat(at).as(rule).isPositive();
      String section = html.substring(at, html.indexOf("<h3>", at + 10));
      String perCheckpoint =
          section.substring(section.indexOf("<table class=\"metrics-per-checkpoint\">"));
      String header = perCheckpoint.substring(0, perCheckpoint.indexOf("</tr>"));
      // one column per score, MELEP first
      assertThat(header)
          .containsSubsequence(
              "<th>MELEP (code)</th>",
              "<th>LogME (uniform)</th>",
              "<th>H-score (Ledoit-Wolf) (uniform)</th>",
              "<th>NCE (code)</th>",
              "<th>GBC (uniform)</th>",
              "<th>label-only MELEP (code)</th>");
      assertThat(perCheckpoint.split("<tr><td class=\"l\">ck-", -1)).hasSize(4);
      String metrics =
          section.substring(
              section.indexOf("<table class=\"metrics\">"), section.indexOf("</table>"));
      assertThat(metrics)
          .containsSubsequence(
              ">MELEP (code)</td>",
              ">LogME (uniform)</td><td>higher</td><td>3 of 3</td>",
              ">GBC (uniform)</td><td>higher</td><td>0 of 3</td>");
    }
    assertThat(result.analysis().tables()).containsKey("metrics");
    assertThat(result.summary())
        .startsWith("On 10 folds (paper epochs), MELEP (code) picked the best checkpoint in ");
    String others =
        result
            .summary()
            .substring(
                result.summary().indexOf("; the other metrics picked the best checkpoint in: "));
    assertThat(others)
        .contains(
            "LogME (uniform) ", "H-score (Ledoit-Wolf) (uniform) ", "NCE (code) ", "GBC (uniform) ")
        .doesNotContain("MELEP (code)")
        .doesNotContain("label-only");
  }

  private static Object cell(Table t, String rule, String variant, String column) {
    return ReportSummary.find(t, rule, variant).get(t.column(column));
  }
}
