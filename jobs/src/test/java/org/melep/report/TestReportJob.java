package org.melep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

class TestReportJob extends SparkTestBase {
  private static SyntheticReport fixture;
  private static ReportResult result;
  private static Path written;

  @BeforeAll
  static void report() throws IOException {
    fixture = new SyntheticReport(16, 3, 3, 7);
    result =
        ReportJob.on(spark)
            .scores(fixture.scores(spark))
            .finetune(fixture.finetune(spark))
            .resamples(500)
            .execute();
    written = Files.createTempDirectory(Path.of("target"), "report-job").resolve("r");
    ReportOutput.write(spark, result, written.toString());
  }

  /**
   * A CSV table of the report as header -> column values (plain fields: the report writes no quotes
   * for these tables).
   */
  static List<Map<String, String>> csv(String table) throws IOException {
    List<String> lines = Files.readAllLines(written.resolve("tables/" + table + ".csv"));
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertThat(f).as(line).hasSameSizeAs(header);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], f[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  @Test
  void sparkCorrelationsEqualTheDirectComputationPerGroup() {
    Table t = result.analysis().table(ReportAnalysis.CORRELATION);
    assertThat(t.rows())
        .hasSize(2 * 3 * 6); // 2 epoch rules x 3 checkpoints x (3 weightings + 3 label-only)
    for (List<Object> r : t.rows()) {
      List<Cell> g =
          result.analysis().cells((String) r.get(0), (String) r.get(1)).stream()
              .filter(c -> c.checkpoint().equals(r.get(2)))
              .toList();
      double[] x = g.stream().mapToDouble(Cell::score).toArray();
      double[] y = g.stream().mapToDouble(Cell::f1).toArray();
      assertThat(((Number) r.get(5)).intValue()).isEqualTo(g.size());
      assertThat((Double) r.get(t.column("pearson_r"))).isCloseTo(naivePearson(x, y), within(1e-9));
      assertThat((Double) r.get(t.column("spearman_rho")))
          .isCloseTo(naivePearson(naiveRanks(x), naiveRanks(y)), within(1e-9));
    }
    // the failed checkpoint has one fold less
    assertThat(
            t.rows().stream()
                .filter(r -> r.get(2).equals("ck-c"))
                .map(r -> ((Number) r.get(5)).intValue())
                .distinct())
        .containsExactly(15);
  }

  @Test
  void variantCorrelationsEqualTheDirectComputationOverTheFoldsBothHave() {
    Table t = result.analysis().table(ReportAnalysis.VARIANT_CORRELATION);
    assertThat(t.rows()).isNotEmpty();
    for (List<Object> r : t.rows()) {
      String rule = (String) r.get(0);
      String checkpoint = (String) r.get(1);
      Map<String, Double> a = new TreeMap<>();
      for (Cell c : result.analysis().cells(rule, (String) r.get(2))) {
        if (c.checkpoint().equals(checkpoint)) {
          a.put(c.fold(), c.score());
        }
      }
      List<double[]> both = new ArrayList<>();
      for (Cell c : result.analysis().cells(rule, (String) r.get(3))) {
        if (c.checkpoint().equals(checkpoint) && a.containsKey(c.fold())) {
          both.add(new double[] {a.get(c.fold()), c.score()});
        }
      }
      double[] x = both.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = both.stream().mapToDouble(p -> p[1]).toArray();
      assertThat(((Number) r.get(t.column("folds"))).intValue())
          .as(r.toString())
          .isEqualTo(x.length);
      double pearson = naivePearson(x, y);
      Double got = (Double) r.get(t.column("pearson_r"));
      if (Double.isNaN(pearson)) {
        assertThat(got).as(r.toString()).isNaN();
      } else {
        assertThat(got).as(r.toString()).isCloseTo(pearson, within(1e-9));
        assertThat((Double) r.get(t.column("spearman_rho")))
            .as(r.toString())
            .isCloseTo(naivePearson(naiveRanks(x), naiveRanks(y)), within(1e-9));
      }
    }
  }

  @Test
  void theWrittenReportRendersOfflineInChromiumAndIsNotBlank() throws Exception {
    TestReportInChromium.checkRendersOfflineAndIsNotBlank(written);
  }

  @Test
  void theKnownStructureShowsUp() {
    Table t = result.analysis().table(ReportAnalysis.CORRELATION);
    for (List<Object> r : t.rows()) {
      if (r.get(1).equals("melep-code")) {
        // lower MELEP, higher F1, for every checkpoint; the interval excludes 0
        assertThat((Double) r.get(t.column("pearson_r"))).as(r.toString()).isLessThan(-0.5);
        assertThat((Double) r.get(t.column("pearson_upper"))).isLessThan(0);
        assertThat(r.get(t.column("expected_sign"))).isEqualTo(-1);
      }
    }
    Table s = result.analysis().table(ReportAnalysis.SELECTION);
    List<Object> melep = ReportSummary.find(s, "paper", "melep-code");
    List<Object> labelOnly = ReportSummary.find(s, "paper", "label-only-code");
    assertThat((Double) melep.get(s.column("top1_rate")))
        .isGreaterThan((Double) melep.get(s.column("random_top1_rate")));
    assertThat((Double) melep.get(s.column("regret_points")))
        .isLessThan((Double) melep.get(s.column("random_regret_points")));
    // a score constant across the checkpoints of a fold is random choice, exactly
    assertThat((Double) labelOnly.get(s.column("top1_rate")))
        .isCloseTo((Double) labelOnly.get(s.column("random_top1_rate")), within(1e-12));
    assertThat(result.summary())
        .startsWith("On 16 folds (paper epochs), MELEP (code) picked the best checkpoint in ")
        .contains("mean regret")
        .contains("Pearson r per checkpoint: ck-a -");
    assertThat(result.notes()).anyMatch(n -> n.startsWith("Shuffled baseline: not computed"));
    assertThat(result.notes()).anyMatch(n -> n.startsWith("Left out: "));
    // one metric (MELEP under three weightings): no side-by-side section, no other metrics named
    assertThat(ReportHtml.page(result)).doesNotContain("Every score side by side");
    assertThat(result.summary()).doesNotContain("the other metrics");
  }

  @Test
  void perCheckpointPearsonSpearmanAndTopOneEqualARecomputationFromTheCsvTables()
      throws IOException {
    Map<String, List<double[]>> pairs = new TreeMap<>();
    for (Map<String, String> r : csv("joined")) {
      pairs
          .computeIfAbsent(
              r.get("epoch_rule") + "/" + r.get("variant") + "/" + r.get("checkpoint"),
              k -> new ArrayList<>())
          .add(new double[] {Double.parseDouble(r.get("score")), Double.parseDouble(r.get("f1"))});
    }
    List<Map<String, String>> correlation = csv("correlation");
    assertThat(correlation).hasSize(pairs.size());
    for (Map<String, String> r : correlation) {
      List<double[]> p =
          pairs.get(r.get("epoch_rule") + "/" + r.get("variant") + "/" + r.get("checkpoint"));
      double[] x = p.stream().mapToDouble(v -> v[0]).toArray();
      double[] y = p.stream().mapToDouble(v -> v[1]).toArray();
      assertThat(Double.parseDouble(r.get("pearson_r")))
          .isCloseTo(naivePearson(x, y), within(1e-9));
      assertThat(Double.parseDouble(r.get("spearman_rho")))
          .isCloseTo(naivePearson(naiveRanks(x), naiveRanks(y)), within(1e-9));
    }
    // top-1: per fold, the checkpoint with the best score (lower is better for MELEP) against the
    // best F1
    Map<String, Map<String, List<String[]>>> folds = new TreeMap<>();
    for (Map<String, String> r : csv("joined")) {
      folds
          .computeIfAbsent(r.get("epoch_rule") + "/" + r.get("variant"), k -> new TreeMap<>())
          .computeIfAbsent(r.get("fold_id"), k -> new ArrayList<>())
          .add(new String[] {r.get("score"), r.get("f1")});
    }
    List<Map<String, String>> selection = csv("selection");
    assertThat(selection).hasSize(folds.size());
    for (Map<String, String> r : selection) {
      double hits = 0;
      int n = 0;
      for (List<String[]> fold : folds.get(r.get("epoch_rule") + "/" + r.get("variant")).values()) {
        double best = Double.POSITIVE_INFINITY;
        double bestF1 = Double.NEGATIVE_INFINITY;
        for (String[] c : fold) {
          best = Math.min(best, Double.parseDouble(c[0]));
          bestF1 = Math.max(bestF1, Double.parseDouble(c[1]));
        }
        int tied = 0;
        int right = 0;
        for (String[] c : fold) {
          if (Double.parseDouble(c[0]) == best) {
            tied++;
            right += Double.parseDouble(c[1]) == bestF1 ? 1 : 0;
          }
        }
        hits += (double) right / tied;
        n++;
      }
      assertThat(Integer.parseInt(r.get("folds"))).isEqualTo(n);
      assertThat(Double.parseDouble(r.get("top1_rate")))
          .as(r.get("variant"))
          .isCloseTo(hits / n, within(1e-12));
    }
  }

  @Test
  void writesTheReportAtomicallyAndReplacesOnlyAReport() throws IOException {
    assertThat(written.resolve("index.html")).exists();
    assertThat(written.resolve("report.json")).content().contains("\"summary\" : \"On 16 folds");
    assertThat(written.resolve("figures/scatter-paper-melep-code.png")).exists();
    assertThat(Files.readString(written.resolve("figures/scatter-paper-melep-code.svg")))
        .contains("<svg");
    assertThat(written.resolve("tables/excluded.csv"))
        .content()
        .contains("finetune,ck-c,not_finetunable,no head for this architecture,6");
    ReportOutput.write(spark, result, written.toString());
    try (var siblings = Files.list(written.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("r");
    }
    Path notAReport = Files.createTempDirectory(Path.of("target"), "not-a-report");
    Files.writeString(notAReport.resolve("precious.txt"), "keep");
    assertThatThrownBy(() -> ReportOutput.write(spark, result, notAReport.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it exists and is not an output of melep report");
    assertThat(notAReport.resolve("precious.txt")).exists();
  }

  @Test
  void badFineTuningValuesNameTheRowAndColumn() {
    Dataset<Row> bad =
        fixture
            .finetune(spark)
            .withColumn(
                "epoch_rule",
                functions
                    .when(
                        functions.col("fold_id").equalTo("3").and(functions.col("seed").equalTo(1)),
                        functions.lit("best"))
                    .otherwise(functions.col("epoch_rule")));
    assertThatThrownBy(
            () -> ReportJob.on(spark).scores(fixture.scores(spark)).finetune(bad).execute())
        .isInstanceOf(BadReportDataException.class)
        .hasMessageStartingWith("Cannot read the finetune table: fold 3, checkpoint ck-")
        .hasMessageEndingWith("column epoch_rule is not paper or validation: best");
    Dataset<Row> noSeed = fixture.finetune(spark).drop("seed");
    assertThatThrownBy(
            () -> ReportJob.on(spark).scores(fixture.scores(spark)).finetune(noSeed).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot read the finetune table: missing column seed; it has fold_id, checkpoint");
  }

  @Test
  void aShuffledBaselineAndOtherMetricsComeSideBySide() {
    // a higher-is-better metric in metric/value columns: LogME-like values that rise with F1
    Dataset<Row> code = fixture.scores(spark).filter("weighting = 'code'");
    Dataset<Row> logme =
        code.withColumn("metric", functions.lit("logme"))
            .withColumn("value", functions.expr("-melep"));
    Dataset<Row> both =
        code.withColumn("metric", functions.lit("melep"))
            .withColumn("value", functions.col("melep"))
            .unionByName(logme);
    Dataset<Row> shuffled =
        fixture
            .scores(spark)
            .filter("weighting = 'code'")
            .withColumn("melep", functions.expr("melep * 0 + rand(3)"));
    ReportResult r =
        ReportJob.on(spark)
            .scores(both)
            .finetune(fixture.finetune(spark))
            .baselineScores(shuffled, "test")
            .resamples(200)
            .execute();
    assertThat(r.analysis().variants().stream().map(Variant::id))
        .containsExactly("melep-code", "logme-code", "label-only-code", "shuffled-melep-code");
    Table t = r.analysis().table(ReportAnalysis.CORRELATION);
    for (List<Object> row : t.rows()) {
      if (row.get(1).equals("logme-code")) {
        assertThat((Double) row.get(t.column("pearson_r"))).isGreaterThan(0.5);
        assertThat(row.get(t.column("expected_sign"))).isEqualTo(1);
      }
    }
    Table s = r.analysis().table(ReportAnalysis.SELECTION);
    // negating a lower-is-better score into a higher-is-better one chooses the same checkpoints
    assertThat(ReportSummary.find(s, "paper", "logme-code").get(s.column("top1_hits")))
        .isEqualTo(ReportSummary.find(s, "paper", "melep-code").get(s.column("top1_hits")));
    assertThat(r.notes()).contains("Shuffled baseline: test.");
    // the label-only score is constant within a fold: it has no fold-specific part to correlate
    assertThat(ReportSummary.find(s, "paper", "label-only-code").get(s.column("residual_r")))
        .isEqualTo(Double.NaN);
  }

  @Test
  void shuffledPredictionsPermuteRecordsWithinEachCheckpoint() {
    List<Row> rows = new ArrayList<>();
    for (String c : List.of("a", "b")) {
      for (int i = 0; i < 20; i++) {
        rows.add(
            org.apache.spark.sql.RowFactory.create(
                "r" + i, c, List.of((double) i, c.equals("a") ? 1.0 : 2.0)));
      }
    }
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("record_id", "string")
            .add("checkpoint", "string")
            .add(
                "logits",
                org.apache.spark.sql.types.DataTypes.createArrayType(
                    org.apache.spark.sql.types.DataTypes.DoubleType));
    Dataset<Row> p = spark.createDataFrame(rows, schema);
    List<Row> shuffled =
        ShuffledPredictions.permute(p, 3).orderBy("checkpoint", "record_id").collectAsList();
    assertThat(ShuffledPredictions.permute(p, 3).orderBy("checkpoint", "record_id").collectAsList())
        .isEqualTo(shuffled);
    assertThat(shuffled).hasSize(40);
    Map<String, List<String>> ids = new TreeMap<>();
    Map<String, List<Double>> outputs = new TreeMap<>();
    int moved = 0;
    for (Row r : shuffled) {
      String c = r.getAs("checkpoint");
      List<Double> logits = r.getList(r.fieldIndex("logits"));
      ids.computeIfAbsent(c, k -> new ArrayList<>()).add(r.getAs("record_id"));
      outputs.computeIfAbsent(c, k -> new ArrayList<>()).add(logits.get(0));
      // outputs stay with their checkpoint
      assertThat(logits.get(1)).isEqualTo(c.equals("a") ? 1.0 : 2.0);
      moved +=
          logits.get(0) != Double.parseDouble(((String) r.getAs("record_id")).substring(1)) ? 1 : 0;
    }
    for (String c : List.of("a", "b")) {
      assertThat(ids.get(c)).hasSize(20).doesNotHaveDuplicates();
      assertThat(outputs.get(c))
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.range(0, 20).mapToObj(i -> (double) i).toList());
    }
    assertThat(moved).isGreaterThan(30);
  }

  static double naivePearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /** Average ranks by counting: rank = 1 + #smaller + (#equal - 1) / 2. */
  static double[] naiveRanks(double[] x) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int smaller = 0;
      int equal = 0;
      for (double v : x) {
        smaller += v < x[i] ? 1 : 0;
        equal += v == x[i] ? 1 : 0;
      }
      r[i] = 1 + smaller + (equal - 1) / 2.0;
    }
    return r;
  }
}
