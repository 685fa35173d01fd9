package org.melep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.fold.FoldsJob;
import org.melep.simulate.SimulateJob;
import org.melep.spark.FaultInjection;
import org.melep.spark.LocalClusterSessions;
import org.melep.train.DemoZoo;
import org.melep.zoo.ZooManifest;

/**
 * The main job end to end on real executor JVMs: simulated corpus, folds, demo zoo (ONNX and DJL),
 * inference once per (checkpoint, record), MELEP per fold x checkpoint. A task of the first job
 * that reads the corpus (the record selection, as the fault wraps the corpus rows) killed midway is
 * retried, an executor JVM killed in the middle of an inference task (a lost node) is replaced, and
 * the scores of that run equal a clean run's, with no record lost or counted twice. Faults inside
 * the inference tasks and inside each scoring pass: {@link TestPipelineFaultsAndCache}.
 */
class TestScorePipelineOnCluster {
  private static final Path ROOT = Path.of("target", "test-pipeline-cluster");
  private static final int FOLDS = 5;
  private static SparkSession spark;
  private static ZooManifest zoo;

  @BeforeAll
  static void setUp() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(ROOT.toFile());
    Files.createDirectories(ROOT);
    spark = LocalClusterSessions.builder("melep-pipeline-test", 4).getOrCreate();
    new SimulateJob(spark)
        .records(200)
        .seed(3)
        .partitions(4)
        .out(ROOT.resolve("corpus").toString())
        .execute();
    new FoldsJob(spark)
        .corpus(ROOT.resolve("corpus").toString())
        .out(ROOT.resolve("folds").toString())
        .folds(FOLDS)
        .recordsPerFold(30)
        .allowSmaller(true)
        .seed(3)
        .execute();
    zoo =
        DemoZoo.write(
            ROOT.resolve("zoo").toString(), 1, spark.sparkContext().hadoopConfiguration());
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private PipelineResult run(Dataset<Row> corpus, String predictions) {
    return ScorePipeline.on(spark)
        .corpus(corpus)
        .zoo(zoo)
        .predictionsTable(ROOT.resolve(predictions).toString())
        .folds(spark.read().parquet(ROOT.resolve("folds").toString()))
        .execute();
  }

  private static Map<String, Row> clean;

  /** The scores of a run without faults (one run, shared by the fault tests). */
  private Map<String, Row> cleanScores() {
    if (clean == null) {
      clean =
          byGroup(
              run(spark.read().parquet(ROOT.resolve("corpus").toString()), "predictions-clean"));
    }
    return clean;
  }

  private static Map<String, Row> byGroup(PipelineResult r) {
    Map<String, Row> out = new HashMap<>();
    for (Row row : r.scores().collectAsList()) {
      out.put(row.getAs("fold_id") + "/" + row.getAs("checkpoint"), row);
    }
    return out;
  }

  /**
   * One run with two faults: a task of the first job that reads the corpus throws midway (retried),
   * and an executor JVM dies in the middle of an inference task (a lost node; Spark starts
   * another).
   */
  @Test
  void aTaskKilledMidwayAndAnExecutorLostDuringInferenceChangeNothing() throws Exception {
    Dataset<Row> corpus = spark.read().parquet(ROOT.resolve("corpus").toString());
    Map<String, Row> a = cleanScores();

    AtomicInteger failedTasks = new AtomicInteger();
    AtomicInteger lostExecutors = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
              failedTasks.incrementAndGet();
            }
          }

          @Override
          public void onExecutorRemoved(
              org.apache.spark.scheduler.SparkListenerExecutorRemoved removed) {
            lostExecutors.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    Path marker = ROOT.resolve("fault-fired");
    Dataset<Row> faulty =
        corpus.mapPartitions(new FailOnce(marker, 1, 20), Encoders.row(corpus.schema()));
    PipelineResult retried;
    System.setProperty(
        FaultInjection.PROPERTY, FaultInjection.INFERENCE + FaultInjection.KILL_SUFFIX);
    try {
      retried = run(faulty, "predictions-faulty");
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(listener);
    }

    assertThat(marker).exists();
    assertThat(failedTasks.get()).isGreaterThanOrEqualTo(2);
    assertThat(lostExecutors.get()).isEqualTo(1);
    Map<String, Row> b = byGroup(retried);
    assertThat(b.keySet()).isEqualTo(a.keySet()).hasSize(FOLDS * 3);
    for (String group : a.keySet()) {
      Row x = a.get(group);
      Row y = b.get(group);
      assertThat(y.<String>getAs("status")).isEqualTo("ok");
      assertThat(y.<Long>getAs("n"))
          .isEqualTo(x.<Long>getAs("n"))
          .isEqualTo(x.<Long>getAs("n_fold_records"));
      assertThat(y.<Long>getAs("n_missing_predictions")).isZero();
      double m = x.getAs("melep");
      assertThat(Math.abs(y.<Double>getAs("melep") - m)).isLessThanOrEqualTo(1e-12 * m);
    }
    // every needed (checkpoint, record) inferred exactly once
    Dataset<Row> predictions = spark.read().parquet(ROOT.resolve("predictions-faulty").toString());
    long needed =
        spark
            .read()
            .parquet(ROOT.resolve("folds").toString())
            .filter("split = 'train'")
            .select("record_id")
            .distinct()
            .count();
    assertThat(predictions.count()).isEqualTo(3 * needed);
    assertThat(predictions.select("checkpoint", "record_id").distinct().count())
        .isEqualTo(3 * needed);
    assertThat(predictions.count())
        .isEqualTo(spark.read().parquet(ROOT.resolve("predictions-clean").toString()).count());
    assertThat(retried.summary().inferred().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3 * needed);
    assertThat(retried.summary().skipped()).isEmpty();
    List<Row> ranking = retried.ranking().collectAsList();
    assertThat(ranking).hasSize(FOLDS * 3);
    assertThat(ranking.get(0).<Integer>getAs("rank")).isEqualTo(1);
  }

  @Test
  void aSecondRunReusesThePredictionsAndAChangedCheckpointIsSkippedWithItsReason()
      throws Exception {
    cleanScores();
    Dataset<Row> corpus = spark.read().parquet(ROOT.resolve("corpus").toString());
    List<org.melep.zoo.CheckpointSpec> specs = new java.util.ArrayList<>(zoo.checkpoints());
    org.melep.zoo.CheckpointSpec first = specs.get(0);
    Path broken = ROOT.resolve("broken.onnx");
    Files.write(broken, new byte[] {1, 2, 3});
    specs.set(0, first.withUri(broken.toAbsolutePath().toUri().toString()));
    // on the table of the clean run: the other two checkpoints infer nothing
    PipelineResult skipping =
        ScorePipeline.on(spark)
            .corpus(corpus)
            .zoo(new ZooManifest(zoo.source(), specs))
            .predictionsTable(ROOT.resolve("predictions-clean").toString())
            .folds(spark.read().parquet(ROOT.resolve("folds").toString()))
            .execute();
    assertThat(skipping.summary().skipped()).hasSize(1);
    assertThat(skipping.summary().skipped().get(0).checkpoint()).isEqualTo(first.name());
    assertThat(skipping.summary().skipped().get(0).reason()).contains("sha256");
    assertThat(skipping.summary().inferred().values()).containsOnly(0L);
    assertThat(skipping.summary().reused().get(specs.get(1).name())).isPositive();
    assertThat(skipping.summary().reused().get(specs.get(2).name())).isPositive();
    assertThat(skipping.scores().select("checkpoint").distinct().count()).isEqualTo(2);
    Map<String, Row> a = cleanScores();
    for (Row row : skipping.scores().collectAsList()) {
      Row x = a.get(row.getAs("fold_id") + "/" + row.getAs("checkpoint"));
      assertThat(row.<Double>getAs("melep")).isEqualTo(x.<Double>getAs("melep"));
    }
  }
}
