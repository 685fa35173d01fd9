package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.SharedData;
import org.melep.inference.CheckpointFiles;
import org.melep.inference.DjlRunner;
import org.melep.inference.OnnxRunner;
import org.melep.inference.RunnerOptions;
import org.melep.inference.ZooVerifier;
import org.melep.ingest.IngestJob;
import org.melep.model.Architecture;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.spark.SparkTestBase;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;

/** Pretraining on Spark writes a zoo whose ONNX and DJL files are the same network. */
class TestPretrainJob extends SparkTestBase {

  @Test
  void pretrainsEachDatasetArchitecturePairIntoTheZoo(@TempDir Path dir) throws Exception {
    String corpus = dir.resolve("corpus").toString();
    new SimulateJob(spark)
        .config(SimulationConfig.embedded().withDatasets("sim_cpsc"))
        .records(120)
        .seed(5)
        .partitions(2)
        .out(corpus)
        .execute();
    String zooDir = dir.resolve("zoo").toString();
    TrainSettings s = TrainSettings.paper().withEpochs(2).withBatchSize(32);
    PretrainJob.Result r =
        new PretrainJob(spark)
            .corpus(corpus)
            .datasets(List.of("sim_cpsc"))
            .architectures(List.of("resnet1d-small", "bilstm-small"))
            .out(zooDir)
            .settings(s)
            .execute();
    assertThat(r.outcomes()).allMatch(PretrainOutcome::ok);
    assertThat(r.outcomes())
        .extracting(o -> o.task().checkpoint())
        .containsExactly("resnet1d-small-sim_cpsc", "bilstm-small-sim_cpsc");
    assertThat(r.outcomes()).allMatch(o -> o.nTrain() + o.nTest() == 120 && o.curve().size() == 2);
    Configuration conf = new Configuration();
    ZooManifest zoo = ZooManifest.read(zooDir + "/zoo.yaml", conf);
    assertThat(zoo.checkpoints()).hasSize(2);
    assertThat(ZooVerifier.verify(zoo, conf, RunnerOptions.cpu(1))).allMatch(ZooVerifier.Check::ok);
    for (CheckpointSpec c : zoo.checkpoints()) {
      assertThat(c.parameters()).isNotNull();
      assertThat(c.architecture()).isNotNull();
      // the entry names the export's feature output (verified above: the model has it, [N, D])
      assertThat(c.features()).isEqualTo(Architecture.FEATURES);
      assertSameNetwork(c, conf);
    }
    // a second run with another architecture appends; entries of the first run stay
    new PretrainJob(spark)
        .corpus(corpus)
        .datasets(List.of("sim_cpsc"))
        .architectures(List.of("bilstm-small"))
        .out(zooDir)
        .settings(s.withSeed(2).withEpochs(1))
        .execute();
    ZooManifest again = ZooManifest.read(zooDir + "/zoo.yaml", conf);
    assertThat(again.checkpoints())
        .extracting(CheckpointSpec::name)
        .containsExactly("resnet1d-small-sim_cpsc", "bilstm-small-sim_cpsc");
    assertThat(again.find("bilstm-small-sim_cpsc").orElseThrow().sha256())
        .isNotEqualTo(zoo.find("bilstm-small-sim_cpsc").orElseThrow().sha256());
    assertThat(again.find("resnet1d-small-sim_cpsc").orElseThrow().sha256())
        .isEqualTo(zoo.find("resnet1d-small-sim_cpsc").orElseThrow().sha256());
  }

  @Test
  void ingestedPtbxlRecordsSplitByTheirStratFoldOthersByTheSeededSplit(@TempDir Path dir)
      throws Exception {
    String corpus = dir.resolve("corpus").toString();
    new IngestJob(spark)
        .inputs(List.of(SharedData.resolve("ptb-xl").toString()))
        .output(corpus)
        .execute();
    TrainSettings s = TrainSettings.paper().withEpochs(1).withBatchSize(16);
    PretrainOutcome o =
        new PretrainJob(spark)
            .corpus(corpus)
            .datasets(List.of("ptbxl"))
            .architectures(List.of("bilstm-small"))
            .out(dir.resolve("zoo").toString())
            .settings(s)
            .execute()
            .outcomes()
            .get(0);
    assertThat(o.ok()).isTrue();
    assertThat(o.split()).isEqualTo("strat_fold 1-8 train, 10 test");
    // the 16 sample rows of ptbxl_database.csv: strat_fold 1-8 for ecg_id 1-7, 22, 32, 45; 10 for 9
    assertThat(o.nTrain()).isEqualTo(10);
    assertThat(o.nTest()).isEqualTo(1);
    // the same records without the column: the seeded label-stratified 67/33 split, all 16 used
    String without = dir.resolve("corpus-without").toString();
    spark
        .read()
        .parquet(corpus)
        .drop(org.melep.corpus.CorpusSchema.STRAT_FOLD)
        .write()
        .partitionBy(org.melep.corpus.CorpusSchema.DATASET)
        .parquet(without);
    PretrainOutcome p =
        new PretrainJob(spark)
            .corpus(without)
            .datasets(List.of("ptbxl"))
            .architectures(List.of("bilstm-small"))
            .out(dir.resolve("zoo2").toString())
            .settings(s)
            .execute()
            .outcomes()
            .get(0);
    assertThat(p.split()).isEqualTo("label-stratified 67/33, seed 1");
    assertThat(p.nTrain() + p.nTest()).isEqualTo(16);
  }

  @Test
  void unknownDatasetOrArchitectureFailsBeforeTraining(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                new PretrainJob(spark)
                    .corpus(dir.toString())
                    .datasets(List.of("sim_cpsc"))
                    .architectures(List.of("resnet9"))
                    .out(dir.resolve("z").toString())
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot build architecture: unknown name resnet9 (known: [resnet1d101, bilstm, resnet1d-small, bilstm-small])");
    assertThatThrownBy(() -> PretrainJob.labelSetOf("mystery", null))
        .hasMessage(
            "Cannot pretrain on dataset mystery: its name does not name one label set of [cpsc, georgia, ptbxl, csn]; give --label-set");
  }

  /**
   * ONNX Runtime on the export and DJL on the parameters agree to 1e-4; the export names its
   * features.
   */
  private static void assertSameNetwork(CheckpointSpec c, Configuration conf) throws Exception {
    byte[] onnx = CheckpointFiles.readVerified(c, conf);
    byte[] params =
        CheckpointFiles.readVerified(
            c.withUri(c.parameters().uri()).withSha256(c.parameters().sha256()), conf);
    Architecture a = c.architecture();
    long[] shape = {a.leads(), a.samples()};
    int n = 4;
    float[] x = new float[n * a.leads() * a.samples()];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 0.3);
    }
    RunnerOptions opts = RunnerOptions.cpu(1);
    try (OnnxRunner ort = OnnxRunner.open(c.name(), onnx, shape, a.labels(), opts);
        DjlRunner djl = DjlRunner.openParams(c.name(), params, a, false, shape, a.labels(), opts)) {
      float[] y1 = ort.run(x, n);
      float[] y2 = djl.run(x, n);
      for (int k = 0; k < y1.length; k++) {
        assertThat(Math.abs(y1[k] - y2[k]))
            .as("%s output %d", c.name(), k)
            .isLessThan(1e-4f * Math.max(1f, Math.abs(y1[k])));
      }
    }
    try (OrtSession s =
        OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
      assertThat(s.getOutputNames()).containsExactly(Architecture.OUTPUT, Architecture.FEATURES);
      NodeInfo f = s.getOutputInfo().get(Architecture.FEATURES);
      assertThat(((TensorInfo) f.getInfo()).getShape()).containsExactly(-1, a.classifier().in());
    }
  }
}
