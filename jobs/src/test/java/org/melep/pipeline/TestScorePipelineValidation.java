package org.melep.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.score.ScoreOptions;
import org.melep.transfer.Metric;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.InputContract;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/**
 * Every option and every column an option names is checked before the first checkpoint is verified:
 * the zoo's only checkpoint points to no file, so a run that got as far as verification would fail
 * with "no usable checkpoint" instead, and no predictions table would ever be written.
 */
class TestScorePipelineValidation {
  private static SparkSession spark;
  private static Dataset<Row> corpus;
  private static ZooManifest zoo;
  private static Path root;

  @BeforeAll
  static void setUp() throws Exception {
    org.melep.spark.SparkTestBase.stopSessions(); // its own master: stop any test session first
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("melep-pipeline-validation")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    root = Files.createTempDirectory("pipeline-validation");
    corpus = spark.createDataFrame(List.of(), CorpusSchema.SCHEMA);
    InputContract input =
        new InputContract(
            100,
            1000,
            CorpusSchema.LEADS,
            InputContract.Layout.NCL,
            InputContract.Normalization.NONE);
    zoo =
        new ZooManifest(
            "test-zoo",
            List.of(
                new CheckpointSpec(
                    "gone",
                    root.resolve("gone.onnx").toString(),
                    "0".repeat(64),
                    ModelFormat.ONNX,
                    input,
                    CheckpointSpec.OutputKind.LOGITS,
                    List.of("AF", "NORM"),
                    null)));
  }

  @AfterAll
  static void tearDown() {
    spark.stop();
  }

  private static ScorePipeline pipeline() {
    return ScorePipeline.on(spark)
        .corpus(corpus)
        .zoo(zoo)
        .predictionsTable(root.resolve("predictions").toString());
  }

  private static Dataset<Row> table(StructType schema) {
    return spark.createDataFrame(
        List.<Row>of(RowFactory.create(new Object[schema.size()])), schema);
  }

  /** Fails with exactly {@code message}, within a second, and wrote no predictions. */
  private static void assertRefusedBeforeInference(ScorePipeline p, String message) {
    long start = System.nanoTime();
    assertThatThrownBy(p::execute).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(seconds).as("seconds to refuse").isLessThan(1.0);
    assertThat(root.resolve("predictions")).doesNotExist();
  }

  @Test
  void aRunThatReachesVerificationFailsOnTheMissingCheckpoint() {
    // the control: without a wrong option the run gets to verification (and fails there)
    assertThatThrownBy(() -> pipeline().execute())
        .hasMessageStartingWith("Cannot score: no usable checkpoint in test-zoo");
  }

  @Test
  void foldsWithoutASplitColumnAreRefusedBeforeInference() {
    StructType folds =
        new StructType()
            .add("fold_id", DataTypes.StringType)
            .add("record_id", DataTypes.StringType);
    assertRefusedBeforeInference(
        pipeline().folds(table(folds)),
        "Cannot read the folds table: missing column split; it has fold_id, record_id");
    StructType noFoldId =
        new StructType().add("record_id", DataTypes.StringType).add("split", DataTypes.StringType);
    assertRefusedBeforeInference(
        pipeline().folds(table(noFoldId)),
        "Cannot read the folds table: missing column fold_id; it has record_id, split");
  }

  @Test
  void targetsWithoutTheChosenLabelColumnsAreRefusedBeforeInference() {
    StructType targets =
        new StructType().add("record_id", DataTypes.StringType).add("AF", DataTypes.IntegerType);
    assertRefusedBeforeInference(
        pipeline()
            .targets(table(targets))
            .scoring(ScoreOptions.DEFAULTS.withTargetLabels(List.of("AF", "NROM"))),
        "Cannot read the targets table: missing column NROM; it has record_id, AF");
    StructType noId = new StructType().add("id", DataTypes.StringType);
    assertRefusedBeforeInference(
        pipeline().targets(table(noId)),
        "Cannot read the targets table: missing column record_id; it has id");
  }

  @Test
  void featureMetricsOnACheckpointWithoutAFeatureOutputAreRefusedBeforeInference() {
    assertRefusedBeforeInference(
        pipeline().metrics(List.of(Metric.MELEP, Metric.LOGME)),
        "Cannot predict features: checkpoint gone of test-zoo names no feature output (add 'features: <ONNX"
            + " output name>' to its entry; checkpoints melep train writes name theirs)");
  }

  @Test
  void aCorpusWithoutTheLabelSetColumnAndABlankPredictionsPathAreRefused() {
    Dataset<Row> noLabels = corpus.drop(CorpusSchema.labelColumn("csn"));
    assertThatThrownBy(() -> pipeline().corpus(noLabels).execute())
        .hasMessageStartingWith("Cannot take targets from the corpus: it has no column labels_csn");
    assertRefusedBeforeInference(
        pipeline().predictionsTable(" "), "Cannot score: the predictions table needs a path: ' '");
    assertThatThrownBy(() -> pipeline().labelSet("cnn"))
        .hasMessage("Cannot use label set cnn: expected one of cpsc, georgia, ptbxl, csn");
  }
}
