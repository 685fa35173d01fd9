package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;
import org.melep.model.ResNet1dArchitecture;
import org.melep.onnx.OnnxExport;
import org.melep.spark.SparkTestBase;
import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/** {@link PredictJob} on {@code local[2]}: record selection and bad inputs fail clearly. */
class TestPredictJobInputs extends SparkTestBase {
  private static final Path ROOT = Path.of("target", "test-predict-inputs").toAbsolutePath();
  private static List<Row> rows;
  private static Dataset<Row> corpus;
  private static ZooManifest zoo;

  @BeforeAll
  static void setUp() throws IOException {
    TestPredictJob.deleteTree(ROOT);
    Files.createDirectories(ROOT);
    rows = TestCorpus.rows(20, 1000, 5);
    corpus = TestCorpus.frame(spark, rows);
    ZooManifest demo = DemoZoo.write(ROOT.resolve("zoo").toString(), 11, new Configuration());
    zoo = new ZooManifest("test", demo.checkpoints().subList(0, 1));
  }

  private static PredictJob job(ZooManifest z, String out) {
    return PredictJob.on(spark).corpus(corpus).zoo(z).output(out).batchSize(8);
  }

  @Test
  void selectedRecordsOnly() {
    String out = ROOT.resolve("predictions-subset").toString();
    List<String> ids = List.of("sim/rec1", "sim/rec5", "sim/rec7");
    Dataset<Row> sel = spark.createDataset(ids, Encoders.STRING()).toDF("record_id");
    PredictResult r = job(zoo, out).recordIds(sel).execute();
    assertThat(r.inferredTotal()).isEqualTo(3);
    assertThat(r.predictions(spark).select("record_id").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrderElementsOf(ids);

    Dataset<Row> unknown =
        spark.createDataset(List.of("sim/rec1", "nope/x"), Encoders.STRING()).toDF("record_id");
    assertThatThrownBy(() -> job(zoo, out).recordIds(unknown).execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot predict: selected records are not in the corpus, e.g. [nope/x]");
  }

  @Test
  void emptySelectionWritesAnEmptyTable() {
    String out = ROOT.resolve("predictions-empty").toString();
    Dataset<Row> none = spark.createDataset(List.<String>of(), Encoders.STRING()).toDF("record_id");
    PredictResult r = job(zoo, out).recordIds(none).execute();
    assertThat(r.written()).isTrue();
    assertThat(r.inferredTotal()).isZero();
    assertThat(r.predictions(spark).count()).isZero();
    assertThat(r.predictions(spark).columns())
        .containsExactly(
            "checkpoint",
            "checkpoint_sha256",
            "record_id",
            "logits",
            "probs",
            "source_labels",
            "contract_sha256",
            "signal_fingerprint",
            "features");
    PredictResult again = job(zoo, out).recordIds(none).execute();
    assertThat(again.written()).isFalse();
    assertThat(again.inferredTotal()).isZero();
  }

  @Test
  void wrongHashFailsNamingCheckpointAndLeavesNoTable() {
    String out = ROOT.resolve("predictions-badhash").toString();
    CheckpointSpec bad = zoo.checkpoints().get(0).withSha256("0".repeat(64));
    assertThatThrownBy(() -> job(new ZooManifest("t", List.of(bad)), out).execute())
        .isInstanceOf(InferenceException.class)
        .hasMessageStartingWith("Cannot run checkpoint resnet1d-cpsc: sha256 of ")
        .hasMessageContaining("but the manifest says " + "0".repeat(64));
    assertThat(new File(out)).doesNotExist();
  }

  @Test
  void recordOfWrongLengthFailsNamingCheckpointAndRecord() {
    List<Row> odd = new ArrayList<>(rows.subList(0, 5));
    odd.add(TestCorpus.row("sim/short", 100.0, 500, EcgSignal.encode(new short[12][500])));
    Dataset<Row> c = TestCorpus.frame(spark, odd);
    String out = ROOT.resolve("predictions-odd").toString();
    assertThatThrownBy(() -> PredictJob.on(spark).corpus(c).zoo(zoo).output(out).execute())
        .isInstanceOf(InferenceException.class)
        .hasMessage(
            "Cannot run checkpoint resnet1d-cpsc on record sim/short: record has 500 samples, the checkpoint takes 1000");
    assertThat(new File(out)).doesNotExist();
  }

  @Test
  void nanOutputFailsNamingCheckpointAndRecord() throws IOException {
    ResNet1dArchitecture a = ResNet1dArchitecture.small(5);
    var w = a.randomWeights(5);
    w.get("head.fc2.bias", 5).data()[2] = Float.NaN;
    byte[] bytes = OnnxExport.toOnnx(a, w, false);
    Path file = ROOT.resolve("nan.onnx");
    Files.write(file, bytes);
    CheckpointSpec nan =
        new CheckpointSpec(
            "nan-model",
            file.toString(),
            CheckpointFiles.sha256(bytes),
            ModelFormat.ONNX,
            zoo.checkpoints().get(0).input(),
            CheckpointSpec.OutputKind.LOGITS,
            LabelSets.defaults().labelSet("ptbxl").labels(),
            null);
    String out = ROOT.resolve("predictions-nan").toString();
    assertThatThrownBy(() -> job(new ZooManifest("t", List.of(nan)), out).execute())
        .isInstanceOf(InferenceException.class)
        .hasMessageStartingWith("Cannot run checkpoint nan-model on record sim/rec")
        .hasMessageEndingWith(": model output NaN for label STTC");
  }
}
