package org.melep.pipeline;

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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.fold.FoldsJob;
import org.melep.inference.PredictionsTable;
import org.melep.labels.LabelSets;
import org.melep.model.ResNet1dArchitecture;
import org.melep.simulate.SimulateJob;
import org.melep.spark.SparkTestBase;
import org.melep.train.DemoZoo;
import org.melep.transfer.DirectMetrics;
import org.melep.transfer.Metric;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/**
 * {@code melep score --metric melep,logme,gbc} on a corpus and a zoo: the pipeline asks inference
 * for the checkpoints' features because LogME and GBC need them, stores them in the predictions
 * table, and scores them; LogME equals the reference algorithm run on the stored feature matrix.
 */
class TestScorePipelineFeatures extends SparkTestBase {
  private static Path root;
  private static Dataset<Row> corpus;
  private static ZooManifest zoo;

  @BeforeAll
  static void setUp() throws IOException {
    root = Files.createTempDirectory(Path.of("target"), "pipeline-features").toAbsolutePath();
    new SimulateJob(spark)
        .records(80)
        .seed(3)
        .partitions(2)
        .out(root.resolve("corpus").toString())
        .execute();
    new FoldsJob(spark)
        .corpus(root.resolve("corpus").toString())
        .out(root.resolve("folds").toString())
        .folds(2)
        .recordsPerFold(30)
        .allowSmaller(true)
        .seed(3)
        .execute();
    corpus = spark.read().parquet(root.resolve("corpus").toString());
    int ptbxl = LabelSets.defaults().labelSet("ptbxl").labels().size();
    // two small ResNet1d ONNX checkpoints (32 features each): their zoo entries name the feature
    // output
    List<DemoZoo.Entry> entries =
        List.of(
            DemoZoo.entries().get(0),
            new DemoZoo.Entry(
                "resnet1d-ptbxl",
                "ptbxl",
                ResNet1dArchitecture.small(ptbxl),
                ModelFormat.ONNX,
                false));
    zoo =
        DemoZoo.write(
            root.resolve("zoo").toString(), 2, entries, spark.sparkContext().hadoopConfiguration());
  }

  private static Dataset<Row> folds() {
    return spark.read().parquet(root.resolve("folds").toString());
  }

  @Test
  void featureMetricsOnAZooUseTheCheckpointsFeaturesEndToEnd() {
    String table = root.resolve("predictions").toString();
    PipelineResult r =
        ScorePipeline.on(spark)
            .corpus(corpus)
            .zoo(zoo)
            .predictionsTable(table)
            .folds(folds())
            .metrics(List.of(Metric.MELEP, Metric.LOGME, Metric.GBC))
            .execute();
    List<Row> scores = r.scores().collectAsList();
    Dataset<Row> predictions = PredictionsTable.read(spark, table);
    assertThat(predictions.filter("features is null").count()).isZero();
    assertThat(predictions.count()).isPositive();

    // independent: the reference LogME on the stored features of each fold's train records
    Map<String, float[]> features = new HashMap<>();
    for (Row p : predictions.select("checkpoint", "record_id", "features").collectAsList()) {
      List<Float> f = p.getList(2);
      float[] a = new float[f.size()];
      for (int j = 0; j < a.length; j++) {
        a[j] = f.get(j);
      }
      features.put(p.getString(0) + "|" + p.getString(1), a);
    }
    Map<String, List<String>> targets = new HashMap<>();
    for (Row c : corpus.select("record_id", "labels_csn").collectAsList()) {
      targets.put(c.getString(0), c.getList(1));
    }
    Map<String, List<String>> members = new HashMap<>();
    Map<String, List<String>> foldLabels = new HashMap<>();
    for (Row f :
        folds()
            .filter("split = 'train'")
            .select("fold_id", "record_id", "labels")
            .collectAsList()) {
      String fold = String.valueOf(f.get(0));
      members.computeIfAbsent(fold, k -> new ArrayList<>()).add(f.getString(1));
      foldLabels.put(fold, f.getList(2));
    }
    int compared = 0;
    int gbc = 0;
    for (Row s : scores) {
      String metric = s.getAs("metric");
      if (metric.equals("gbc")) {
        gbc++;
        assertThat(s.<String>getAs("status")).matches("ok|constant-features: .*");
        assertThat(s.<Double>getAs("value")).isNotNull();
        continue;
      }
      if (!metric.equals("logme")) {
        continue;
      }
      String fold = String.valueOf(s.<Object>getAs("fold_id"));
      String checkpoint = s.getAs("checkpoint");
      List<String> ids = members.get(fold);
      double[][] f = new double[ids.size()][];
      for (int i = 0; i < ids.size(); i++) {
        float[] v = features.get(checkpoint + "|" + ids.get(i));
        f[i] = new double[v.length];
        for (int j = 0; j < v.length; j++) {
          f[i][j] = v[j];
        }
      }
      List<String> labels = foldLabels.get(fold);
      double expected = 0;
      for (String l : labels) {
        double[] y = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
          y[i] = targets.get(ids.get(i)).contains(l) ? 1 : 0;
        }
        expected += DirectMetrics.logMe(f, y) / labels.size();
      }
      assertThat(s.<String>getAs("status"))
          .as(fold + "/" + checkpoint)
          .matches("ok|rank-deficient: F\\^T F has rank \\d+ of 32");
      assertThat(s.<Double>getAs("value"))
          .as(fold + "/" + checkpoint)
          .isCloseTo(expected, within(1e-8 * Math.max(1, Math.abs(expected))));
      compared++;
    }
    assertThat(compared).isEqualTo(2 * 2); // 2 folds x 2 checkpoints
    assertThat(gbc).isEqualTo(4);
    assertThat(r.ranking().filter("metric = 'logme'").count()).isEqualTo(4);

    // a second run reuses the stored features: nothing is inferred
    PipelineResult again =
        ScorePipeline.on(spark)
            .corpus(corpus)
            .zoo(zoo)
            .predictionsTable(table)
            .folds(folds())
            .metrics(List.of(Metric.MELEP, Metric.LOGME))
            .execute();
    assertThat(again.summary().inferred().values().stream().mapToLong(Long::longValue).sum())
        .isZero();
  }

  @Test
  void aCheckpointWithoutAFeatureOutputIsNamedBeforeInference() {
    ZooManifest without =
        new ZooManifest("zoo.yaml", List.of(zoo.checkpoints().get(0).withFeatures(null)));
    assertThatThrownBy(
            () ->
                ScorePipeline.on(spark)
                    .corpus(corpus)
                    .zoo(without)
                    .predictionsTable(root.resolve("p-none").toString())
                    .folds(folds())
                    .metrics(List.of(Metric.LOGME))
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot predict features: checkpoint resnet1d-cpsc of zoo.yaml names no feature output");
    assertThat(root.resolve("p-none")).doesNotExist();
  }
}
