package org.melep.transfer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.cli.BaseCommand;
import org.melep.cli.MelepCommand;
import org.melep.spark.SparkTestBase;
import org.melep.status.Status;
import org.melep.transfer.FeatureStats;
import org.melep.transfer.Metric;
import org.melep.transfer.MetricFinisher;
import org.melep.transfer.MetricResult;

/**
 * Feature metrics that keep a D x D Gram matrix (LogME, H-score) are not computed for a checkpoint
 * with more features than the limit: its groups of those metrics carry a named {@code failed}
 * status, while its other metrics and the other checkpoints are scored; the command exits with 4
 * (partial result) naming the checkpoint.
 */
class TestGramLimit extends SparkTestBase {
  private static final String LIMIT = FeatureScoreJob.MAX_GRAM_FEATURES_PROPERTY;
  private static final List<String> LABELS = List.of("A", "B");
  private static final Map<String, Integer> DIMS = Map.of("narrow", 3, "wide", 8);
  private static final int RECORDS = 80;

  @AfterEach
  void clearLimit() {
    System.clearProperty(LIMIT);
  }

  @Test
  void aCheckpointWithTooManyFeaturesIsNamedWithItsSizeAndTheLimit() {
    // the demo Bi-LSTM's former penultimate layer (every step flattened): 16,000 features
    Map<String, Integer> dims = Map.of("resnet1d-small-cpsc", 64, "bilstm-small-georgia", 16000);
    Map<String, Status.Failed> refused =
        FeatureScoreJob.gramRefusals(dims, List.of(Metric.MELEP, Metric.LOGME, Metric.GBC));
    assertThat(refused).containsOnlyKeys("bilstm-small-georgia");
    assertThat(refused.get("bilstm-small-georgia").text())
        .isEqualTo(
            "failed: features 16000 > limit 4096: a Gram-matrix state would take 1.9 GiB per (fold,"
                + " checkpoint) (-Dmelep.maxGramFeatures=N raises the limit; name a smaller feature"
                + " output)");
    assertThat(Status.parse(refused.get("bilstm-small-georgia").text()))
        .isEqualTo(refused.get("bilstm-small-georgia"));
    // metrics without a Gram matrix never refuse
    assertThat(FeatureScoreJob.gramRefusals(dims, List.of(Metric.GBC, Metric.NCE))).isEmpty();
  }

  @Test
  void theLimitIsInclusiveAndThePropertyRaisesIt() {
    List<Metric> logme = List.of(Metric.LOGME);
    assertThat(FeatureScoreJob.gramRefusals(Map.of("a", 4096), logme)).isEmpty();
    assertThat(FeatureScoreJob.gramRefusals(Map.of("a", 4097), logme).get("a").text())
        .startsWith("failed: features 4097 > limit 4096: ");
    System.setProperty(LIMIT, "20000");
    assertThat(FeatureScoreJob.gramRefusals(Map.of("a", 16000), logme)).isEmpty();
  }

  @Test
  void theOtherCheckpointsAndMetricsAreScoredAndTheCommandExitsWithPartial(@TempDir Path tmp)
      throws Exception {
    Fixture fx = new Fixture(3);
    fx.predictionsTable().write().json(tmp.resolve("p").toString());
    fx.targetsTable().write().json(tmp.resolve("t").toString());
    System.setProperty(LIMIT, "6");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(
                "score",
                "--predictions",
                tmp.resolve("p").toString(),
                "--targets",
                tmp.resolve("t").toString(),
                "--format",
                "json",
                "--out",
                tmp.resolve("o").toString(),
                "--metric",
                "melep,logme,hscore,gbc,nce");
    String why =
        "failed: features 8 > limit 6: a Gram-matrix state would take 0.0 GiB per (fold,"
            + " checkpoint) (-Dmelep.maxGramFeatures=N raises the limit; name a smaller feature"
            + " output)";
    assertThat(status).as(err.toString()).isEqualTo(BaseCommand.EXIT_PARTIAL);
    assertThat(err.toString()).contains("melep: checkpoint wide: logme,hscore " + why);
    com.fasterxml.jackson.databind.JsonNode summary =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(Files.readString(tmp.resolve("o").resolve("summary.json")));
    assertThat(summary.get("metricFailures").size()).isEqualTo(1);
    assertThat(summary.get("metricFailures").get("wide").asText()).isEqualTo("logme,hscore " + why);

    List<Row> rows =
        spark.read().parquet(tmp.resolve("o").resolve("scores").toString()).collectAsList();
    int checked = 0;
    for (Row row : rows) {
      String c = row.getAs("checkpoint");
      Metric m = Metric.parse(row.getAs("metric"));
      if (m == Metric.MELEP) {
        assertThat(row.<String>getAs("status")).as("%s melep", c).isEqualTo("ok");
        continue;
      }
      checked++;
      if (c.equals("wide") && m.needsGram()) {
        assertThat(row.<String>getAs("status")).as("%s %s", c, m).isEqualTo(why);
        assertThat(row.<Double>getAs("value")).isNull();
        assertThat(row.<Long>getAs("n")).isEqualTo(RECORDS);
        continue;
      }
      // computed as without any limit: the in-memory state of the same records, finished
      MetricResult expected =
          MetricFinisher.finish(fx.stats(c, m.needsGram()), LABELS, List.of(m)).get(0);
      assertThat(row.<String>getAs("status")).as("%s %s", c, m).isEqualTo("ok");
      assertThat(row.<Double>getAs("value"))
          .as("%s %s", c, m)
          .isCloseTo(expected.value(), within(1e-9 * Math.max(1, Math.abs(expected.value()))));
    }
    assertThat(checked).isEqualTo(2 * 4);
    // the failed groups are not ranked; the narrow checkpoint is, alone, for LogME
    List<Row> ranking =
        spark.read().parquet(tmp.resolve("o").resolve("ranking").toString()).collectAsList();
    assertThat(
            ranking.stream()
                .filter(r -> r.getAs("metric").equals("logme"))
                .map(r -> r.<String>getAs("checkpoint")))
        .containsExactly("narrow");
  }

  /**
   * Two checkpoints (3 and 8 features, shifted by the labels), two labels, no folds (one group
   * each).
   */
  private static final class Fixture {
    final Map<String, int[]> positives = new HashMap<>();
    final Map<String, float[]> features = new HashMap<>();
    final Map<String, double[]> logits = new HashMap<>();

    Fixture(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < RECORDS; i++) {
        String id = "r" + i;
        List<Integer> pos = new ArrayList<>();
        for (int y = 0; y < LABELS.size(); y++) {
          if (r.nextDouble() < 0.4) {
            pos.add(y);
          }
        }
        positives.put(id, pos.stream().mapToInt(Integer::intValue).toArray());
        for (Map.Entry<String, Integer> c : DIMS.entrySet()) {
          float[] f = new float[c.getValue()];
          for (int j = 0; j < f.length; j++) {
            f[j] = (float) (r.nextGaussian() + (pos.contains(j % 2) ? 0.7 : 0));
          }
          features.put(c.getKey() + "/" + id, f);
          logits.put(
              c.getKey() + "/" + id,
              new double[] {r.nextGaussian() + (pos.contains(0) ? 1 : -1), r.nextGaussian()});
        }
      }
    }

    org.apache.spark.sql.Dataset<Row> predictionsTable() {
      StringBuilder json = new StringBuilder();
      List<String> lines = new ArrayList<>();
      for (String c : DIMS.keySet()) {
        for (int i = 0; i < RECORDS; i++) {
          String id = "r" + i;
          json.setLength(0);
          json.append("{\"record_id\":\"").append(id).append("\",\"checkpoint\":\"").append(c);
          json.append("\",\"features\":")
              .append(java.util.Arrays.toString(features.get(c + "/" + id)));
          json.append(",\"logits\":").append(java.util.Arrays.toString(logits.get(c + "/" + id)));
          json.append(",\"source_labels\":[\"s0\",\"s1\"]}");
          lines.add(json.toString());
        }
      }
      return spark
          .read()
          .schema(
              "record_id string, checkpoint string, features array<float>, logits array<double>,"
                  + " source_labels array<string>")
          .json(spark.createDataset(lines, org.apache.spark.sql.Encoders.STRING()));
    }

    org.apache.spark.sql.Dataset<Row> targetsTable() {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        int[] p = positives.get("r" + i);
        StringBuilder b = new StringBuilder("{\"record_id\":\"r" + i + "\"");
        for (int y = 0; y < LABELS.size(); y++) {
          boolean on = false;
          for (int k : p) {
            on |= k == y;
          }
          b.append(",\"").append(LABELS.get(y)).append("\":").append(on ? 1 : 0);
        }
        lines.add(b.append('}').toString());
      }
      return spark
          .read()
          .schema("record_id string, A int, B int")
          .json(spark.createDataset(lines, org.apache.spark.sql.Encoders.STRING()));
    }

    /** The state of all records of checkpoint {@code c}, built in memory. */
    FeatureStats stats(String c, boolean gram) {
      FeatureStats s = FeatureStats.empty(DIMS.get(c), LABELS.size(), 2, gram);
      for (int i = 0; i < RECORDS; i++) {
        String id = "r" + i;
        double[] lg = logits.get(c + "/" + id);
        double[] theta = {1 / (1 + Math.exp(-lg[0])), 1 / (1 + Math.exp(-lg[1]))};
        int[] p = positives.get(id);
        s.add(features.get(c + "/" + id), theta, p, 0, p.length);
      }
      return s;
    }
  }
}
