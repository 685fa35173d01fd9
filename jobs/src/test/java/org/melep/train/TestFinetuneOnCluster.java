package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.fold.FoldsSchema;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.spark.FaultInjection;
import org.melep.spark.LocalClusterSessions;
import org.melep.zoo.ZooManifest;

/**
 * The fine-tune grid (4 folds x 2 checkpoints) on real executor JVMs ({@code local-cluster}): the
 * executor running one fine-tune task is killed once, after the task trained and before its result
 * came back (a lost node); Spark retries the task elsewhere and the results table ends with every
 * (fold, checkpoint, seed) exactly once; a second run trains nothing and rewrites nothing.
 */
class TestFinetuneOnCluster {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        LocalClusterSessions.builder("melep-finetune-cluster-test", 4)
            // the lost executor's shuffle files fail at once instead of after 3 retries 5 s apart
            .config("spark.shuffle.io.maxRetries", "0")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aKilledExecutorLosesNoPairAndDuplicatesNoneAndARerunTrainsNothing(@TempDir Path dir)
      throws Exception {
    String corpus = dir.resolve("corpus").toString();
    new SimulateJob(spark)
        .config(SimulationConfig.embedded().withDatasets("sim_cpsc"))
        .records(48)
        .seed(4)
        .partitions(2)
        .out(corpus)
        .execute();
    String folds = dir.resolve("folds").toString();
    writeFolds(corpus, folds, 4); // 12 records per fold: 8 train (6 + 2 validation), 4 test
    ZooManifest zoo =
        ZooManifest.read(TestFinetuneJob.writeZoo(dir.resolve("zoo")), new Configuration());
    TrainSettings s = TrainSettings.paper().withEpochs(1).withBatchSize(8);
    String out = dir.resolve("ft").toString();

    AtomicInteger lostExecutors = new AtomicInteger();
    AtomicInteger failedTasks = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            lostExecutors.incrementAndGet();
          }

          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
              failedTasks.incrementAndGet();
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    FinetuneJob.Result first;
    System.setProperty(
        FaultInjection.PROPERTY, FaultInjection.FINETUNE + FaultInjection.KILL_SUFFIX);
    try {
      first = job(corpus, folds, zoo, out, s).execute();
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(lostExecutors.get()).as("executors lost").isEqualTo(1);
    assertThat(failedTasks.get()).as("task attempts lost").isGreaterThanOrEqualTo(1);
    assertThat(first.trained()).hasSize(4 * 2).allMatch(FinetuneOutcome::ok);

    List<Row> table =
        spark.read().parquet(out + "/finetune").filter("status = 'ok'").collectAsList();
    Map<String, Integer> perKey = new HashMap<>();
    Map<String, Integer> perPair = new HashMap<>();
    for (Row r : table) {
      String pair = r.getAs("fold_id") + "/" + r.getAs("checkpoint") + "/" + r.getAs("seed");
      perKey.merge(pair + "/" + r.getAs("epoch_rule"), 1, Integer::sum);
      perPair.merge(pair, 1, Integer::sum);
    }
    assertThat(perPair)
        .hasSize(4 * 2)
        .allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(2)); // paper + validation
    assertThat(perKey).hasSize(4 * 2 * 2).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(1));
    assertThat(spark.read().parquet(out + "/curves").count()).isEqualTo(4 * 2); // 1 epoch each
    long modified = Files.getLastModifiedTime(dir.resolve("ft/finetune")).toMillis();

    FinetuneJob.Result second = job(corpus, folds, zoo, out, s).execute();
    assertThat(second.trained()).isEmpty();
    assertThat(second.kept()).isEqualTo(4 * 2);
    assertThat(Files.getLastModifiedTime(dir.resolve("ft/finetune")).toMillis())
        .as("not rewritten")
        .isEqualTo(modified);
  }

  private static FinetuneJob job(
      String corpus, String folds, ZooManifest zoo, String out, TrainSettings s) {
    return new FinetuneJob(spark)
        .corpus(corpus)
        .folds(folds)
        .zoo(zoo)
        .out(out)
        .labelSet("cpsc")
        .settings(s);
  }

  /** {@code n} disjoint folds over the corpus records, 3 cpsc labels each, 2/3 train. */
  private static void writeFolds(String corpus, String out, int n) {
    List<Row> records =
        spark.read().parquet(corpus).select("record_id").orderBy("record_id").collectAsList();
    String[] labels = {"NORM", "AF", "IAVB"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      rows.add(
          RowFactory.create(
              i % n,
              labels.length,
              labels,
              records.get(i).getString(0),
              (i / n) % 3 == 2 ? FoldsSchema.TEST : FoldsSchema.TRAIN));
    }
    spark.createDataFrame(rows, FoldsSchema.SCHEMA).write().parquet(out);
  }
}
