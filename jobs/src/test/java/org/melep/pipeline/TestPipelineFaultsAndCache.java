package org.melep.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.cli.BaseCommand;
import org.melep.cli.MelepCommand;
import org.melep.fold.FoldsJob;
import org.melep.inference.PredictionsTable;
import org.melep.simulate.SimulateJob;
import org.melep.spark.FaultInjection;
import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.InputContract;
import org.melep.zoo.ZooManifest;

/**
 * The main job on {@code local[2,3]} (a failed task is retried): a fault injected inside the
 * inference tasks and inside each scoring pass leaves the scores and the predictions exactly as a
 * clean run's; the prediction cache re-infers when the model file, the manifest contract or a
 * record's signal changes, and treats rows of an older table (without those keys) as stale; a
 * checkpoint whose inference gives bad outputs fails alone (exit 4 through the CLI); a label set
 * that does not match the folds is one line and exit 2.
 */
class TestPipelineFaultsAndCache {
  private static final Path ROOT = Path.of("target", "test-pipeline-faults").toAbsolutePath();
  private static SparkSession spark;
  private static ZooManifest zoo;
  private static Dataset<Row> corpus;
  private static long needed;

  @BeforeAll
  static void setUp() throws Exception {
    org.apache.commons.io.FileUtils.deleteDirectory(ROOT.toFile());
    Files.createDirectories(ROOT);
    org.melep.spark.SparkTestBase.stopSessions(); // its own master: stop any test session first
    spark =
        SparkSession.builder()
            .master("local[2,3]")
            .appName("melep-faults-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    new SimulateJob(spark)
        .records(100)
        .seed(5)
        .partitions(2)
        .out(ROOT.resolve("corpus").toString())
        .execute();
    new FoldsJob(spark)
        .corpus(ROOT.resolve("corpus").toString())
        .out(ROOT.resolve("folds").toString())
        .folds(3)
        .recordsPerFold(24)
        .allowSmaller(true)
        .seed(5)
        .execute();
    zoo =
        DemoZoo.write(
            ROOT.resolve("zoo").toString(), 1, spark.sparkContext().hadoopConfiguration());
    corpus = spark.read().parquet(ROOT.resolve("corpus").toString());
    needed = folds().filter("split = 'train'").select("record_id").distinct().count();
  }

  @AfterAll
  static void tearDown() {
    System.clearProperty(FaultInjection.PROPERTY);
    spark.stop();
  }

  private static Dataset<Row> folds() {
    return spark.read().parquet(ROOT.resolve("folds").toString());
  }

  private static PipelineResult run(Dataset<Row> c, ZooManifest z, String predictions) {
    return ScorePipeline.on(spark)
        .corpus(c)
        .zoo(z)
        .predictionsTable(ROOT.resolve(predictions).toString())
        .folds(folds())
        .execute();
  }

  private static Map<String, Row> byGroup(PipelineResult r) {
    Map<String, Row> out = new HashMap<>();
    for (Row row : r.scores().collectAsList()) {
      out.put(row.getAs("fold_id") + "/" + row.getAs("checkpoint"), row);
    }
    return out;
  }

  private static long total(Map<String, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Runs with a fault in {@code stage}; returns the result and the task failures seen. */
  private static PipelineResult runWithFault(
      String stage, String predictions, List<String> failures) {
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (!end.taskInfo().successful()) {
              synchronized (failures) {
                failures.add(end.reason().toString());
              }
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    System.setProperty(FaultInjection.PROPERTY, stage);
    try {
      return run(corpus, zoo, predictions);
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException(e);
      }
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  private static void assertSameScores(PipelineResult clean, PipelineResult other) {
    Map<String, Row> a = byGroup(clean);
    Map<String, Row> b = byGroup(other);
    assertThat(b.keySet()).isEqualTo(a.keySet()).hasSize(3 * 3);
    for (String group : a.keySet()) {
      Row x = a.get(group);
      Row y = b.get(group);
      assertThat(y.<String>getAs("status")).isEqualTo(x.<String>getAs("status"));
      assertThat(y.<Long>getAs("n")).isEqualTo(x.<Long>getAs("n"));
      if (x.getAs("melep") != null) {
        double m = x.getAs("melep");
        assertThat(Math.abs(y.<Double>getAs("melep") - m)).isLessThanOrEqualTo(1e-12 * Math.abs(m));
      }
    }
  }

  private static void assertExactlyOnce(String predictions) {
    Dataset<Row> p = spark.read().parquet(ROOT.resolve(predictions).toString());
    assertThat(p.count()).isEqualTo(3 * needed);
    assertThat(p.select("checkpoint", "record_id").distinct().count()).isEqualTo(3 * needed);
  }

  private static PipelineResult clean;

  /** A run without faults into {@code p-clean} (one run, shared by the tests of this class). */
  private static synchronized PipelineResult clean() {
    if (clean == null) {
      clean = run(corpus, zoo, "p-clean");
      assertExactlyOnce("p-clean");
    }
    return clean;
  }

  @Test
  void faultsInInferenceAndInEachScoringPassAreRetriedWithIdenticalResults() {
    PipelineResult clean = clean();
    assertThat(byGroup(clean).values())
        .anySatisfy(r -> assertThat(r.<String>getAs("status")).isEqualTo("ok"));

    // one run, a fault in each of the three stages (each fires in its first task attempt)
    List<String> stages =
        List.of(FaultInjection.INFERENCE, FaultInjection.PASS_ONE, FaultInjection.PASS_TWO);
    List<String> failures = new ArrayList<>();
    PipelineResult faulty = runWithFault(String.join(",", stages), "p-faults", failures);
    assertThat(failures)
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(f)
                    .containsAnyOf(
                        stages.stream().map(FaultInjection::message).toArray(String[]::new)));
    for (String stage : stages) {
      assertThat(failures)
          .as(stage)
          .anySatisfy(f -> assertThat(f).contains(FaultInjection.message(stage)));
    }
    assertSameScores(clean, faulty);
    assertExactlyOnce("p-faults");
    assertThat(total(faulty.summary().inferred())).isEqualTo(3 * needed);
  }

  private static ZooManifest edited(String name, String from, String to) throws Exception {
    Path dir = ROOT.resolve("zoo");
    String yaml = Files.readString(dir.resolve(DemoZoo.MANIFEST));
    int at = yaml.indexOf("- name: resnet1d-cpsc");
    int line = yaml.indexOf(from, at);
    assertThat(line).isPositive();
    String changed = yaml.substring(0, line) + to + yaml.substring(line + from.length());
    Path manifest = dir.resolve(name);
    Files.writeString(manifest, changed, StandardCharsets.UTF_8);
    return ZooManifest.read(manifest.toString(), new Configuration());
  }

  @Test
  void aChangedModelFileContractOrSignalReInfersAndAnOlderTableIsStale() throws Exception {
    clean();
    org.apache.commons.io.FileUtils.copyDirectory(
        ROOT.resolve("p-clean").toFile(), ROOT.resolve("p-cache").toFile());
    // the copy of a table (nothing changed) is reused in full: see the third checkpoint below.
    // In one run, each change touches another checkpoint, so each cause shows on its own:
    // the first checkpoint's model file changes (another seed), its contract does not
    ZooManifest other =
        DemoZoo.write(
            ROOT.resolve("zoo2").toString(),
            2,
            DemoZoo.entries().subList(0, 1),
            new Configuration());
    List<CheckpointSpec> specs = new ArrayList<>(zoo.checkpoints());
    specs.set(0, other.checkpoints().get(0));
    assertThat(specs.get(0).sha256()).isNotEqualTo(zoo.checkpoints().get(0).sha256());
    assertThat(specs.get(0).input()).isEqualTo(zoo.checkpoints().get(0).input());

    // the second checkpoint's manifest contract changes (normalisation), its file does not
    CheckpointSpec s1 = specs.get(1);
    InputContract in = s1.input();
    assertThat(in.normalize()).isNotEqualTo(InputContract.Normalization.MINMAX);
    specs.set(
        1,
        new CheckpointSpec(
            s1.name(),
            s1.uri(),
            s1.sha256(),
            s1.format(),
            new InputContract(
                in.fs(), in.samples(), in.leads(), in.layout(), InputContract.Normalization.MINMAX),
            s1.output(),
            s1.labels(),
            s1.architecture()));
    ZooManifest minmax = new ZooManifest(zoo.source(), specs);

    // one record's signal changes: that record alone is inferred again (the third checkpoint
    // shows it alone; the other two re-infer every record anyway)
    String changedRecord =
        folds()
            .filter("split = 'train'")
            .select("record_id")
            .orderBy("record_id")
            .first()
            .getString(0);
    Dataset<Row> edited =
        corpus.map(
            (MapFunction<Row, Row>)
                r -> {
                  if (!r.<String>getAs("record_id").equals(changedRecord)) {
                    return r;
                  }
                  Object[] v = new Object[r.length()];
                  for (int i = 0; i < v.length; i++) {
                    v[i] = r.get(i);
                  }
                  int s = r.fieldIndex("signal");
                  byte[] signal = ((byte[]) v[s]).clone();
                  signal[signal.length / 2] ^= 0x11;
                  v[s] = signal;
                  return RowFactory.create(v);
                },
            Encoders.row(corpus.schema()));
    PipelineResult changed = run(edited, minmax, "p-cache");
    assertThat(changed.summary().inferred())
        .containsEntry("resnet1d-cpsc", needed)
        .containsEntry("bilstm-georgia", needed)
        .containsEntry("resnet1d-ptbxl-djl", 1L);
    assertThat(changed.summary().invalidated())
        .containsEntry("resnet1d-cpsc", needed)
        .containsEntry("bilstm-georgia", needed)
        .containsEntry("resnet1d-ptbxl-djl", 1L);
    assertThat(changed.summary().reused())
        .containsEntry("resnet1d-cpsc", 0L)
        .containsEntry("bilstm-georgia", 0L)
        .containsEntry("resnet1d-ptbxl-djl", needed - 1);
    assertExactlyOnce("p-cache");

    // a table written before the keys existed: every row is stale and inferred again
    Dataset<Row> old =
        spark
            .read()
            .parquet(ROOT.resolve("p-cache").toString())
            .drop(PredictionsTable.CONTRACT_SHA256, PredictionsTable.SIGNAL_FINGERPRINT);
    old.write().partitionBy("checkpoint").parquet(ROOT.resolve("p-old").toString());
    // an older melep wrote no output marker: the user adds it by hand, as docs/safety.md says
    java.nio.file.Files.writeString(
        ROOT.resolve("p-old").resolve(org.melep.io.OutputGuard.MARKER),
        "{\"command\":\"predict\"}");
    PipelineResult fromOld = run(edited, minmax, "p-old");
    assertThat(total(fromOld.summary().invalidated())).isEqualTo(3 * needed);
    assertThat(total(fromOld.summary().inferred())).isEqualTo(3 * needed);
    assertExactlyOnce("p-old");
    assertThat(
            spark
                .read()
                .parquet(ROOT.resolve("p-old").toString())
                .filter(col(PredictionsTable.SIGNAL_FINGERPRINT).isNull())
                .count())
        .isZero();
  }

  private record Run(int status, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void aCheckpointWhoseInferenceGivesBadOutputsFailsAloneAndTheRunIsPartial() throws Exception {
    // the manifest says probs for a model that gives logits: outputs outside [0, 1]
    edited("zoo-badprobs.yaml", "output: logits", "output: probs");
    Path out = ROOT.resolve("out-partial");
    Run r =
        cli(
            "score",
            "-q",
            "--corpus",
            ROOT.resolve("corpus").toString(),
            "--zoo",
            ROOT.resolve("zoo/zoo-badprobs.yaml").toString(),
            "--folds",
            ROOT.resolve("folds").toString(),
            "--predictions",
            ROOT.resolve("p-partial").toString(),
            "--out",
            out.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_PARTIAL);
    assertThat(r.err())
        .contains("melep: checkpoint resnet1d-cpsc failed:")
        .contains("outside [0, 1]");
    List<Row> scores = spark.read().parquet(out.resolve("scores").toString()).collectAsList();
    assertThat(scores).hasSize(3 * 3);
    for (Row s : scores) {
      if (s.<String>getAs("checkpoint").equals("resnet1d-cpsc")) {
        assertThat(s.<String>getAs("status")).startsWith("failed: ").contains("outside [0, 1]");
        assertThat(s.<Double>getAs("melep")).isNull();
      } else {
        assertThat(s.<String>getAs("status")).isNotEqualTo("failed");
        assertThat(s.<String>getAs("status")).doesNotStartWith("failed");
      }
    }
    assertThat(out.resolve("summary.json"))
        .content()
        .contains("\"failedCheckpoints\"")
        .contains("resnet1d-cpsc");
    Dataset<Row> predictions = spark.read().parquet(ROOT.resolve("p-partial").toString());
    assertThat(predictions.filter("checkpoint = 'resnet1d-cpsc'").count()).isZero();
    assertThat(predictions.count()).isEqualTo(2 * needed);
  }

  @Test
  void aLabelSetThatDoesNotMatchTheFoldsIsOneLineAndExitTwo() {
    Path out = ROOT.resolve("out-labelset");
    Run r =
        cli(
            "score",
            "-q",
            "--corpus",
            ROOT.resolve("corpus").toString(),
            "--zoo",
            ROOT.resolve("zoo/zoo.yaml").toString(),
            "--folds",
            ROOT.resolve("folds").toString(),
            "--predictions",
            ROOT.resolve("p-labelset").toString(),
            "--label-set",
            "ptbxl",
            "--out",
            out.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "Cannot score: every fold has a label that no record of the corpus's labels_ptbxl column (--label-set ptbxl) has");
    assertThat(out).doesNotExist();
  }
}
