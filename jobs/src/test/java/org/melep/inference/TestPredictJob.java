package org.melep.inference;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;
import org.melep.model.ResNet1dArchitecture;
import org.melep.onnx.OnnxExport;
import org.melep.spark.LocalClusterSessions;
import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/**
 * {@link PredictJob} on {@code local-cluster} (two executor JVMs): a demo zoo of two ONNX and one
 * DJL checkpoint over a simulated corpus of 200 records, incremental reruns, and bad inputs.
 */
class TestPredictJob {
  private static final int RECORDS = 200;
  private static final Path ROOT = Path.of("target", "test-predict").toAbsolutePath();
  private static SparkSession spark;
  private static List<Row> rows;
  private static Dataset<Row> corpus;
  private static ZooManifest zoo;

  @BeforeAll
  static void start() throws IOException {
    deleteTree(ROOT);
    Files.createDirectories(ROOT);
    ensureSparkHomeScalaVersion();
    spark = LocalClusterSessions.builder("melep-predict-test", 1).getOrCreate();
    rows = TestCorpus.rows(RECORDS, 1000, 3);
    corpus = TestCorpus.write(spark, rows, ROOT.resolve("corpus").toString());
    zoo = DemoZoo.write(ROOT.resolve("zoo").toString(), 11, new Configuration());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static PredictJob job(ZooManifest z, String out) {
    return PredictJob.on(spark).corpus(corpus).zoo(z).output(out).batchSize(16).partitions(6);
  }

  @Test
  void predictsOncePerCheckpointAndRecordIncrementally() throws Exception {
    String out = ROOT.resolve("predictions").toString();
    assertThat(zoo.checkpoints())
        .extracting(CheckpointSpec::format)
        .containsExactly(ModelFormat.ONNX, ModelFormat.ONNX, ModelFormat.DJL);

    PredictResult first = job(zoo, out).execute();
    assertThat(first.written()).isTrue();
    assertThat(first.inferred())
        .containsOnly(
            Map.entry("resnet1d-cpsc", 200L),
            Map.entry("bilstm-georgia", 200L),
            Map.entry("resnet1d-ptbxl-djl", 200L));
    assertThat(first.reusedTotal()).isZero();
    assertLoadedOncePerExecutor(
        first.modelLoads(), Set.of("resnet1d-cpsc", "bilstm-georgia", "resnet1d-ptbxl-djl"));

    Map<String, Row> table = byKey(first.predictions(spark).collectAsList());
    assertThat(table).hasSize(600);
    for (Row r : table.values()) {
      boolean probs = r.getString(r.fieldIndex("checkpoint")).equals("bilstm-georgia");
      assertThat(r.isNullAt(r.fieldIndex("probs"))).isEqualTo(!probs);
      assertThat(r.isNullAt(r.fieldIndex("logits"))).isEqualTo(probs);
    }
    Row some = table.get("resnet1d-cpsc|sim/rec0");
    assertThat(some.<String>getList(some.fieldIndex("source_labels")))
        .isEqualTo(LabelSets.defaults().labelSet("cpsc").labels());
    assertThat(some.getString(some.fieldIndex("checkpoint_sha256")))
        .isEqualTo(zoo.checkpoints().get(0).sha256());
    assertMatchesLocalRun(table, zoo.checkpoints().get(0), "logits");
    assertMatchesLocalRun(table, zoo.checkpoints().get(1), "probs");
    assertMatchesLocalRun(table, zoo.checkpoints().get(2), "logits");

    PredictResult again = job(zoo, out).execute();
    assertThat(again.written()).isFalse();
    assertThat(again.inferredTotal()).isZero();
    assertThat(again.reusedTotal()).isEqualTo(600);
    assertThat(again.modelLoads()).isEmpty();

    // in one run, a new checkpoint (only it is computed) and a replaced model file of another (new
    // sha256: that checkpoint alone is invalidated and computed again)
    CheckpointSpec extra = writeResnet("resnet1d-georgia", "georgia", 99);
    CheckpointSpec replaced = writeResnet("resnet1d-cpsc-2", "cpsc", 100);
    CheckpointSpec cpsc = zoo.checkpoints().get(0);
    replaced =
        new CheckpointSpec(
            cpsc.name(),
            replaced.uri(),
            replaced.sha256(),
            replaced.format(),
            cpsc.input(),
            cpsc.output(),
            cpsc.labels(),
            cpsc.architecture());
    assertThat(replaced.sha256()).isNotEqualTo(cpsc.sha256());
    List<CheckpointSpec> four = new ArrayList<>(zoo.checkpoints());
    four.set(0, replaced);
    four.add(extra);
    PredictResult added = job(new ZooManifest("test", four), out).execute();
    assertThat(added.inferred())
        .containsOnly(
            Map.entry("resnet1d-cpsc", 200L),
            Map.entry("bilstm-georgia", 0L),
            Map.entry("resnet1d-ptbxl-djl", 0L),
            Map.entry("resnet1d-georgia", 200L));
    assertThat(added.invalidated()).containsEntry("resnet1d-cpsc", 200L);
    assertThat(added.invalidatedTotal()).isEqualTo(200);
    assertThat(added.reusedTotal()).isEqualTo(400);
    assertThat(added.modelLoads())
        .isNotEmpty()
        .allMatch(s -> s.endsWith("/resnet1d-georgia") || s.endsWith("/resnet1d-cpsc"));
    Dataset<Row> after = added.predictions(spark);
    assertThat(after.count()).isEqualTo(800);
    assertThat(
            after
                .filter(col("checkpoint").equalTo("resnet1d-cpsc"))
                .select("checkpoint_sha256")
                .distinct()
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly(replaced.sha256());
  }

  private static CheckpointSpec writeResnet(String name, String labelSet, long seed)
      throws IOException {
    List<String> labels = LabelSets.defaults().labelSet(labelSet).labels();
    ResNet1dArchitecture a = ResNet1dArchitecture.small(labels.size());
    byte[] bytes = OnnxExport.toOnnx(a, a.randomWeights(seed), false);
    Path file = ROOT.resolve(name + ".onnx");
    Files.write(file, bytes);
    CheckpointSpec base = zoo.checkpoints().get(0);
    return new CheckpointSpec(
        name,
        file.toString(),
        CheckpointFiles.sha256(bytes),
        ModelFormat.ONNX,
        base.input(),
        CheckpointSpec.OutputKind.LOGITS,
        labels,
        null);
  }

  /** Each checkpoint loaded at least once, at most once per executor, though it ran 6 tasks. */
  private static void assertLoadedOncePerExecutor(List<String> loads, Set<String> checkpoints) {
    assertThat(new HashSet<>(loads))
        .as("no executor loads a checkpoint twice: %s", loads)
        .hasSize(loads.size());
    Map<String, Integer> perCheckpoint = new HashMap<>();
    for (String l : loads) {
      perCheckpoint.merge(l.substring(l.indexOf('/') + 1), 1, Integer::sum);
    }
    assertThat(perCheckpoint.keySet()).isEqualTo(checkpoints);
    assertThat(perCheckpoint.values()).allMatch(n -> n >= 1 && n <= 2);
  }

  /** Table values equal a driver-side run of the same model on the decoded signals. */
  /** Rows by {@code checkpoint|record_id}, failing on a duplicate pair. */
  private static Map<String, Row> byKey(List<Row> rows) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows) {
      String key =
          r.getString(r.fieldIndex("checkpoint")) + "|" + r.getString(r.fieldIndex("record_id"));
      assertThat(m.put(key, r)).as("duplicate prediction %s", key).isNull();
    }
    return m;
  }

  private static void assertMatchesLocalRun(
      Map<String, Row> table, CheckpointSpec spec, String column) {
    byte[] bytes = CheckpointFiles.readVerified(spec, new Configuration());
    try (ModelRunner runner = ModelRunners.open(spec, bytes, RunnerOptions.cpu(1))) {
      for (int i : new int[] {0, 57, 199}) {
        Row rec = rows.get(i);
        float[][] mv =
            EcgSignal.decodeMillivolts(
                (byte[]) rec.get(4),
                new double[] {
                  1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000
                },
                1000);
        float[] x = new float[12 * 1000];
        for (int k = 0; k < 12; k++) {
          System.arraycopy(mv[k], 0, x, k * 1000, 1000);
        }
        float[] expected = runner.run(x, 1);
        Row got = table.get(spec.name() + "|" + rec.getString(0));
        List<Double> values = got.getList(got.fieldIndex(column));
        assertThat(values).hasSize(expected.length);
        for (int k = 0; k < expected.length; k++) {
          assertThat(values.get(k))
              .isCloseTo(expected[k], within(1e-4 * Math.max(1, Math.abs(expected[k]))));
        }
      }
    }
  }

  /**
   * Spark's launcher (building the executor command) needs the Scala version of a Spark home: from
   * {@code SPARK_SCALA_VERSION} or a {@code launcher/target/scala-2.12} folder, else executors fail
   * with "Cannot find any build directories". The Maven build fills {@code target/spark-home/jars}
   * only, so make the folder.
   */
  static void ensureSparkHomeScalaVersion() throws IOException {
    String home = System.getenv("SPARK_HOME");
    if (home != null && System.getenv("SPARK_SCALA_VERSION") == null) {
      Files.createDirectories(Path.of(home, "launcher", "target", "scala-2.12"));
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var s = Files.walk(p)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
