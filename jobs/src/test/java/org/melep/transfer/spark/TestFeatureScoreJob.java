package org.melep.transfer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;
import org.melep.transfer.DirectMetrics;
import org.melep.transfer.FeatureStats;
import org.melep.transfer.Metric;
import org.melep.transfer.MetricFinisher;
import org.melep.transfer.MetricResult;

class TestFeatureScoreJob extends SparkTestBase {
  private static final int RECORDS = 240;
  private static final int D = 5;
  private static final List<String> POOL = List.of("A", "B", "C", "D");
  private static final List<Metric> ALL =
      List.of(Metric.LOGME, Metric.HSCORE, Metric.HSCORE_LW, Metric.NCE, Metric.GBC);

  /** Seeded records: features shifted by labels, logits correlated with labels, two checkpoints. */
  private static final class Fixture {
    final Map<String, List<String>> positives = new HashMap<>();
    final Map<String, float[]> features = new HashMap<>(); // checkpoint/record
    final Map<String, double[]> logits = new HashMap<>();
    final List<String> checkpoints = List.of("c0", "c1");
    final Map<Integer, List<String>> foldLabels = new HashMap<>();
    final Map<Integer, List<String>> foldTrain = new HashMap<>();

    Fixture(long seed) {
      Random r = new Random(seed);
      for (int i = 0; i < RECORDS; i++) {
        String id = "r" + i;
        List<String> pos = new ArrayList<>();
        for (String l : POOL) {
          if (r.nextDouble() < 0.35) {
            pos.add(l);
          }
        }
        positives.put(id, pos);
        for (String c : checkpoints) {
          float[] f = new float[D];
          for (int j = 0; j < D; j++) {
            f[j] =
                (float)
                    (r.nextGaussian()
                        + (pos.contains(POOL.get(j % 4)) ? 0.8 : 0)
                        + (c.equals("c1") ? 0.3 * j : 0));
          }
          features.put(c + "/" + id, f);
          double[] lg = new double[3];
          for (int k = 0; k < 3; k++) {
            lg[k] = r.nextGaussian() + (pos.contains(POOL.get(k)) ? 1.0 : -0.5);
          }
          logits.put(c + "/" + id, lg);
        }
      }
      for (int f = 0; f < 3; f++) {
        foldLabels.put(
            f, f == 0 ? List.of("A", "B") : f == 1 ? List.of("C", "D", "A") : List.of("B"));
        List<String> train = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
          if (r.nextDouble() < 0.6) {
            train.add("r" + i);
          }
        }
        foldTrain.put(f, train);
      }
    }

    Dataset<Row> predictions() {
      StructType schema =
          new StructType()
              .add("record_id", DataTypes.StringType)
              .add("checkpoint", DataTypes.StringType)
              .add("features", DataTypes.createArrayType(DataTypes.FloatType))
              .add("logits", DataTypes.createArrayType(DataTypes.DoubleType))
              .add("source_labels", DataTypes.createArrayType(DataTypes.StringType));
      List<Row> rows = new ArrayList<>();
      for (String c : checkpoints) {
        for (int i = 0; i < RECORDS; i++) {
          String id = "r" + i;
          float[] f = features.get(c + "/" + id);
          Float[] boxed = new Float[f.length];
          for (int j = 0; j < f.length; j++) {
            boxed[j] = f[j];
          }
          double[] lg = logits.get(c + "/" + id);
          rows.add(
              RowFactory.create(
                  id,
                  c,
                  boxed,
                  new Double[] {lg[0], lg[1], lg[2]},
                  new String[] {"s0", "s1", "s2"}));
        }
      }
      return spark.createDataFrame(rows, schema);
    }

    Dataset<Row> targets() {
      List<Row> rows = new ArrayList<>();
      positives.forEach((id, pos) -> rows.add(RowFactory.create(id, pos.toArray(new String[0]))));
      return spark.createDataFrame(
          rows,
          new StructType()
              .add("record_id", DataTypes.StringType)
              .add("labels", DataTypes.createArrayType(DataTypes.StringType)));
    }

    Dataset<Row> folds() {
      List<Row> rows = new ArrayList<>();
      foldTrain.forEach(
          (f, ids) -> {
            for (int i = 0; i < RECORDS; i++) {
              String id = "r" + i;
              rows.add(
                  RowFactory.create(
                      f,
                      id,
                      ids.contains(id) ? "train" : "test",
                      foldLabels.get(f).toArray(new String[0])));
            }
          });
      return spark.createDataFrame(
          rows,
          new StructType()
              .add("fold_id", DataTypes.IntegerType)
              .add("record_id", DataTypes.StringType)
              .add("split", DataTypes.StringType)
              .add("labels", DataTypes.createArrayType(DataTypes.StringType)));
    }

    /** The group's state built in memory, one record after the other. */
    FeatureStats stats(int fold, String checkpoint) {
      List<String> labels = foldLabels.get(fold);
      FeatureStats s = FeatureStats.empty(D, labels.size(), 3, true);
      for (String id : foldTrain.get(fold)) {
        List<Integer> p = new ArrayList<>();
        for (int y = 0; y < labels.size(); y++) {
          if (positives.get(id).contains(labels.get(y))) {
            p.add(y);
          }
        }
        double[] lg = logits.get(checkpoint + "/" + id);
        double[] theta = new double[3];
        for (int k = 0; k < 3; k++) {
          theta[k] = 1 / (1 + Math.exp(-lg[k]));
        }
        s.add(
            features.get(checkpoint + "/" + id),
            theta,
            p.stream().mapToInt(Integer::intValue).toArray(),
            0,
            p.size());
      }
      return s;
    }

    double[][] matrix(int fold, String checkpoint) {
      List<String> ids = foldTrain.get(fold);
      double[][] m = new double[ids.size()][D];
      for (int i = 0; i < ids.size(); i++) {
        float[] f = features.get(checkpoint + "/" + ids.get(i));
        for (int j = 0; j < D; j++) {
          m[i][j] = f[j];
        }
      }
      return m;
    }

    double[] target(int fold, String label) {
      List<String> ids = foldTrain.get(fold);
      double[] t = new double[ids.size()];
      for (int i = 0; i < ids.size(); i++) {
        t[i] = positives.get(ids.get(i)).contains(label) ? 1 : 0;
      }
      return t;
    }
  }

  private static FeatureScoreResult run(Fixture fx, List<Metric> metrics, long memory) {
    return FeatureScoreJob.on(spark)
        .predictions(fx.predictions())
        .targets(fx.targets())
        .folds(fx.folds())
        .metrics(metrics)
        .chunkBytes(memory)
        .execute();
  }

  @Test
  void everyGroupAndMetricMatchesTheInMemoryStateAndTheDirectLogMe() {
    Fixture fx = new Fixture(1);
    FeatureScoreResult r = run(fx, ALL, 256L << 20);
    List<Row> rows = r.scores().collectAsList();
    assertThat(rows).hasSize(3 * 2 * ALL.size());
    for (Row row : rows) {
      int fold = Integer.parseInt(row.getAs("fold_id"));
      String checkpoint = row.getAs("checkpoint");
      Metric metric = Metric.parse(row.getAs("metric"));
      List<String> labels = fx.foldLabels.get(fold);
      MetricResult expected =
          MetricFinisher.finish(fx.stats(fold, checkpoint), labels, List.of(metric)).get(0);
      assertThat(row.<String>getAs("status")).isEqualTo("ok");
      assertThat(row.<Long>getAs("n")).isEqualTo(fx.foldTrain.get(fold).size());
      assertThat(row.<Double>getAs("value"))
          .isCloseTo(expected.value(), within(1e-9 * Math.max(1, Math.abs(expected.value()))));
      assertThat(row.<Object>getAs("melep")).isNull();
      assertThat(row.<String>getAs("weighting"))
          .isEqualTo(metric == Metric.NCE ? "code" : "uniform");
      if (metric == Metric.LOGME) {
        double direct = 0;
        for (String l : labels) {
          direct +=
              DirectMetrics.logMe(fx.matrix(fold, checkpoint), fx.target(fold, l)) / labels.size();
        }
        assertThat(row.<Double>getAs("value"))
            .isCloseTo(direct, within(1e-8 * Math.max(1, Math.abs(direct))));
      }
    }
  }

  @Test
  void noPredictionOrFeatureRowIsShuffled() {
    FeatureScoreResult r = run(new Fixture(2), List.of(Metric.LOGME), 256L << 20);
    String plan = outsideCaches(r.aggregationPlan());
    assertThat(plan).contains("Exchange hashpartitioning(value");
    int loops = 0;
    // AQE prints a final and an initial plan: check both
    for (String section : plan.split("== (Final|Initial) Plan ==")) {
      int partitionLoop = section.indexOf("MapPartitions");
      if (partitionLoop < 0) {
        continue;
      }
      loops++;
      // the only shuffle is of the partial states, above the partition loop; below it only
      // broadcasts
      assertThat(section.substring(partitionLoop).replace("BroadcastExchange", ""))
          .doesNotContain("Exchange");
      assertThat(section.substring(0, partitionLoop)).contains("Exchange hashpartitioning(value");
    }
    assertThat(loops).isPositive();
  }

  /** The plan without the subtrees of cached relations (the fold membership, built beforehand). */
  private static String outsideCaches(String plan) {
    StringBuilder out = new StringBuilder();
    int cacheDepth = -1;
    for (String line : plan.split("\n")) {
      int depth = 0;
      while (depth < line.length() && " :+-|".indexOf(line.charAt(depth)) >= 0) {
        depth++;
      }
      if (cacheDepth >= 0 && depth > cacheDepth) {
        continue;
      }
      cacheDepth = line.contains("InMemoryRelation") ? depth : -1;
      out.append(line).append('\n');
    }
    return out.toString();
  }

  @Test
  void oneRowChunksMergeToTheSameScores() {
    Fixture fx = new Fixture(3);
    List<Metric> m = List.of(Metric.LOGME, Metric.GBC, Metric.NCE);
    List<Row> big =
        run(fx, m, 256L << 20).scores().orderBy("fold_id", "checkpoint", "metric").collectAsList();
    List<Row> tiny =
        run(fx, m, 1).scores().orderBy("fold_id", "checkpoint", "metric").collectAsList();
    assertThat(tiny).hasSize(big.size());
    for (int i = 0; i < big.size(); i++) {
      double a = big.get(i).getAs("value");
      double b = tiny.get(i).getAs("value");
      assertThat(b).isCloseTo(a, within(1e-10 * Math.max(1, Math.abs(a))));
    }
  }

  @Test
  void explicitTargetLabelColumnsAreTheOnesScoredAndOtherColumnsAreLeftAlone() {
    Fixture fx = new Fixture(4);
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    fx.foldLabels.values().forEach(names::addAll);
    Dataset<Row> flags =
        fx.targets().withColumn("site", org.apache.spark.sql.functions.lit("ward 3"));
    for (String name : names) {
      flags =
          flags.withColumn(
              name,
              org.apache.spark.sql.functions.array_contains(flags.col("labels"), name).cast("int"));
    }
    flags = flags.drop("labels");
    Dataset<Row> withoutFeatures = fx.predictions().drop("features");
    List<Row> byArray =
        FeatureScoreJob.on(spark)
            .predictions(withoutFeatures)
            .targets(fx.targets())
            .folds(fx.folds())
            .metrics(List.of(Metric.NCE))
            .execute()
            .scores()
            .orderBy("fold_id", "checkpoint")
            .collectAsList();
    List<Row> byColumns =
        FeatureScoreJob.on(spark)
            .predictions(withoutFeatures)
            .targets(flags)
            .targetLabels(List.copyOf(names))
            .folds(fx.folds())
            .metrics(List.of(Metric.NCE))
            .execute()
            .scores()
            .orderBy("fold_id", "checkpoint")
            .collectAsList();
    assertThat(byColumns).hasSize(byArray.size()).hasSize(6);
    for (int i = 0; i < byArray.size(); i++) {
      assertThat(byColumns.get(i).<Double>getAs("value"))
          .isCloseTo(byArray.get(i).<Double>getAs("value"), within(1e-12));
    }
    Dataset<Row> withSite = flags;
    assertThatThrownBy(
            () ->
                FeatureScoreJob.on(spark)
                    .predictions(withoutFeatures)
                    .targets(withSite)
                    .folds(fx.folds())
                    .metrics(List.of(Metric.NCE))
                    .execute()
                    .scores()
                    .collectAsList())
        .hasMessageContaining("site");
  }

  @Test
  void nceAloneNeedsNoFeatures() {
    Fixture fx = new Fixture(4);
    Dataset<Row> withoutFeatures = fx.predictions().drop("features");
    List<Row> rows =
        FeatureScoreJob.on(spark)
            .predictions(withoutFeatures)
            .targets(fx.targets())
            .folds(fx.folds())
            .metrics(List.of(Metric.NCE))
            .execute()
            .scores()
            .collectAsList();
    assertThat(rows).hasSize(6);
    for (Row row : rows) {
      int fold = Integer.parseInt(row.getAs("fold_id"));
      MetricResult expected =
          MetricFinisher.finish(
                  fx.stats(fold, row.getAs("checkpoint")),
                  fx.foldLabels.get(fold),
                  List.of(Metric.NCE))
              .get(0);
      assertThat(row.<Double>getAs("value")).isCloseTo(expected.value(), within(1e-12));
    }
  }

  @Test
  void missingFeaturesColumnAndBadFeaturesAreNamed() {
    Fixture fx = new Fixture(5);
    assertThatThrownBy(
            () ->
                FeatureScoreJob.on(spark)
                    .predictions(fx.predictions().drop("features"))
                    .targets(fx.targets())
                    .metrics(List.of(Metric.GBC))
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot score gbc: the predictions table has no features column");
    Dataset<Row> bad =
        fx.predictions()
            .withColumn(
                "features",
                org.apache.spark.sql.functions.expr(
                    "case when record_id = 'r7' and checkpoint = 'c1' then slice(features, 1, 3) else features end"));
    assertThatThrownBy(
            () ->
                FeatureScoreJob.on(spark)
                    .predictions(bad)
                    .targets(fx.targets())
                    .folds(fx.folds())
                    .metrics(List.of(Metric.LOGME))
                    .execute())
        .isInstanceOf(SparkException.class)
        .hasStackTraceContaining(
            "Cannot use the features of checkpoint c1, record r7: 3 features, expected 5");
  }
}
