package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.fold.FoldsSchema;
import org.melep.inference.DjlNetwork;
import org.melep.labels.LabelSets;
import org.melep.model.Architecture;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;
import org.melep.onnx.OnnxExport;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.zoo.ZooManifest;

/**
 * The fine-tune grid on Spark with task retries ({@code local[2,3]}): a task that fails once is
 * retried, every (fold, checkpoint, seed, rule) ends up exactly once, a rerun trains nothing, and a
 * checkpoint without DJL parameters is listed as not fine-tunable.
 */
class TestFinetuneJob implements java.io.Serializable {
  private static transient SparkSession spark;

  @BeforeAll
  static void start() {
    org.melep.spark.SparkTestBase.stopSessions(); // its own master: stop any test session first
    spark =
        SparkSession.builder()
            .master("local[2,3]")
            .appName("melep-test-finetune")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Throws in the first attempt of grid task {@code index}, once across JVMs (a marker file). */
  record FailFirstAttempt(String marker, int index) implements FinetuneJob.TaskHook {
    @Override
    public void start(FinetuneTask task, int attempt) {
      if (task.index() != index) {
        return;
      }
      try {
        Files.createFile(Path.of(marker));
      } catch (FileAlreadyExistsException e) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      throw new IllegalStateException("injected fault in fine-tune task " + index);
    }
  }

  @Test
  void gridSurvivesARetriedTaskAndARerunTrainsNothing(@TempDir Path dir) throws Exception {
    String corpus = dir.resolve("corpus").toString();
    new SimulateJob(spark)
        .config(SimulationConfig.embedded().withDatasets("sim_cpsc"))
        .records(96)
        .seed(9)
        .partitions(2)
        .out(corpus)
        .execute();
    String folds = dir.resolve("folds").toString();
    writeFolds(corpus, folds, 4);
    String zoo = writeZoo(dir.resolve("zoo"));
    ZooManifest manifest = ZooManifest.read(zoo, new Configuration());
    TrainSettings s = TrainSettings.paper().withEpochs(2).withBatchSize(16);
    String out = dir.resolve("ft").toString();
    FinetuneJob.Result first =
        new FinetuneJob(spark)
            .corpus(corpus)
            .folds(folds)
            .zoo(manifest)
            .out(out)
            .labelSet("cpsc")
            .settings(s)
            .hook(new FailFirstAttempt(dir.resolve("fault").toString(), 3))
            .execute();
    assertThat(Files.exists(dir.resolve("fault"))).as("the fault fired").isTrue();
    assertThat(first.trained()).hasSize(8).allMatch(FinetuneOutcome::ok);
    assertThat(first.notFinetunable()).containsOnlyKeys("foreign-onnx");

    Dataset<Row> table = spark.read().parquet(out + "/finetune");
    assertThat(table.schema())
        .isEqualTo(FinetuneSchema.RESULTS_SCHEMA.asNullable()); // Parquet reads back nullable
    List<Row> ok = table.filter("status = 'ok'").collectAsList();
    Map<String, Integer> seen = new HashMap<>();
    for (Row r : ok) {
      seen.merge(
          r.getAs("fold_id")
              + "/"
              + r.getAs("checkpoint")
              + "/"
              + r.getAs("seed")
              + "/"
              + r.getAs("epoch_rule"),
          1,
          Integer::sum);
      double f1 = r.getAs("weighted_f1");
      assertThat(f1).isBetween(0.0, 1.0);
      assertThat((int) r.getAs("epoch")).isBetween(1, 2);
      assertThat((long) r.getAs("n_train") + (long) r.getAs("n_test")).isLessThan(24);
    }
    assertThat(seen).hasSize(4 * 2 * 2).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
    assertThat(table.filter("status = 'not_finetunable'").count()).isEqualTo(4 * 2);
    assertThat(spark.read().parquet(out + "/curves").count()).isEqualTo(8 * 2);
    long rows = table.count();
    long modified = Files.getLastModifiedTime(dir.resolve("ft/finetune")).toMillis();

    FinetuneJob.Result second =
        new FinetuneJob(spark)
            .corpus(corpus)
            .folds(folds)
            .zoo(manifest)
            .out(out)
            .labelSet("cpsc")
            .settings(s)
            .execute();
    assertThat(second.trained()).isEmpty();
    assertThat(second.kept()).isEqualTo(8);
    assertThat(spark.read().parquet(out + "/finetune").count()).isEqualTo(rows);
    assertThat(Files.getLastModifiedTime(dir.resolve("ft/finetune")).toMillis())
        .as("not rewritten")
        .isEqualTo(modified);

    // a second seed on one fold trains only its 2 pairs and keeps every earlier row
    FinetuneJob.Result third =
        new FinetuneJob(spark)
            .corpus(corpus)
            .folds(folds)
            .zoo(manifest)
            .out(out)
            .labelSet("cpsc")
            .settings(s)
            .foldIds(List.of("0"))
            .seeds(2)
            .execute();
    assertThat(third.trained())
        .hasSize(2)
        .allMatch(o -> o.task().seed() == 2 && o.task().foldId().equals("0"));
    Dataset<Row> after = spark.read().parquet(out + "/finetune");
    assertThat(after.count())
        .isEqualTo(rows + 2 * 2 + 2); // 2 pairs x 2 rules + foreign-onnx x 2 rules for seed 2
    assertThat(after.filter("status = 'ok'").count()).isEqualTo(ok.size() + 4);
    assertThat(spark.read().parquet(out + "/curves").count()).isEqualTo(8 * 2 + 2 * 2);
  }

  /** {@code n} folds over the corpus records (disjoint, 3 cpsc labels each, 2/3 train). */
  private static void writeFolds(String corpus, String out, int n) {
    List<Row> records =
        spark.read().parquet(corpus).select("record_id").orderBy("record_id").collectAsList();
    List<String> labels = List.of("NORM", "AF", "IAVB");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      int fold = i % n;
      rows.add(
          RowFactory.create(
              fold,
              labels.size(),
              labels.toArray(new String[0]),
              records.get(i).getString(0),
              (i / n) % 3 == 2 ? FoldsSchema.TEST : FoldsSchema.TRAIN));
    }
    spark.createDataFrame(rows, FoldsSchema.SCHEMA).write().parquet(out);
  }

  /** Two fine-tunable checkpoints (random weights, DJL parameters) and one bare ONNX file. */
  static String writeZoo(Path dir) throws IOException {
    Files.createDirectories(dir);
    int labels = LabelSets.defaults().labelSet("cpsc").labels().size();
    StringBuilder y = new StringBuilder("checkpoints:\n");
    List<Architecture> archs =
        List.of(ResNet1dArchitecture.resnet1dSmall(labels), BiLstmArchitecture.bilstmSmall(labels));
    List<String> names = List.of("resnet1d-small-sim_cpsc", "bilstm-small-sim_cpsc");
    for (int k = 0; k < 2; k++) {
      Architecture a = archs.get(k);
      var w = a.randomWeights(k + 1);
      byte[] onnx = OnnxExport.toOnnx(a, w, false);
      byte[] params = DjlNetwork.of(a, false).toParams(w);
      Files.write(dir.resolve(names.get(k) + ".onnx"), onnx);
      Files.write(dir.resolve(names.get(k) + ".params"), params);
      y.append(entry(names.get(k), onnx, labels));
      y.append("    architecture: {");
      y.append(
          String.join(
              ", ",
              a.describe().entrySet().stream()
                  .map(e -> e.getKey() + ": " + e.getValue())
                  .toList()));
      y.append("}\n    parameters: {uri: ")
          .append(names.get(k))
          .append(".params, sha256: \"")
          .append(org.melep.inference.CheckpointFiles.sha256(params))
          .append("\"}\n");
    }
    Architecture a = ResNet1dArchitecture.small(labels);
    byte[] foreign = OnnxExport.toOnnx(a, a.randomWeights(9), false);
    Files.write(dir.resolve("foreign-onnx.onnx"), foreign);
    y.append(entry("foreign-onnx", foreign, labels));
    Files.writeString(dir.resolve("zoo.yaml"), y.toString());
    return dir.resolve("zoo.yaml").toString();
  }

  private static String entry(String name, byte[] onnx, int labels) {
    return "  - name: "
        + name
        + "\n    uri: "
        + name
        + ".onnx\n    sha256: \""
        + org.melep.inference.CheckpointFiles.sha256(onnx)
        + "\"\n    format: onnx\n    input: {fs: 100, samples: 1000}\n    output: logits\n    labels: ["
        + String.join(", ", LabelSets.defaults().labelSet("cpsc").labels())
        + "]\n";
  }
}
