package org.melep.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.InputContract;
import org.melep.zoo.ZooManifest;

class TestZooVerifier {

  @Test
  void verifyReportsWrongHashMissingFileAndShapeMismatch() throws Exception {
    Path dir = Files.createTempDirectory("demo-bad");
    ZooManifest zoo = DemoZoo.write(dir.toString(), 3, new Configuration());
    CheckpointSpec good = zoo.checkpoints().get(0);
    Configuration conf = new Configuration();
    RunnerOptions cpu = RunnerOptions.cpu(1);

    ZooVerifier.Check hash = ZooVerifier.verify(good.withSha256("0".repeat(64)), conf, cpu);
    assertThat(hash.ok()).isFalse();
    assertThat(hash.detail())
        .startsWith(
            "sha256 of " + good.uri() + " is " + good.sha256() + " but the manifest says 000");

    ZooVerifier.Check gone =
        ZooVerifier.verify(good.withUri(dir.resolve("gone.onnx").toString()), conf, cpu);
    assertThat(gone.detail()).isEqualTo("model file not found: " + dir.resolve("gone.onnx"));

    CheckpointSpec fewerLabels =
        new CheckpointSpec(
            good.name(),
            good.uri(),
            good.sha256(),
            good.format(),
            good.input(),
            good.output(),
            List.of("NORM", "AF"),
            null);
    assertThat(ZooVerifier.verify(fewerLabels, conf, cpu).detail())
        .isEqualTo("model output shape [-1, 9] does not fit the manifest's 2 labels [N, 2]");

    InputContract shorter =
        new InputContract(
            100,
            500,
            good.input().leads(),
            InputContract.Layout.NCL,
            InputContract.Normalization.NONE);
    CheckpointSpec wrongInput =
        new CheckpointSpec(
            good.name(),
            good.uri(),
            good.sha256(),
            good.format(),
            shorter,
            good.output(),
            good.labels(),
            null);
    assertThat(ZooVerifier.verify(wrongInput, conf, cpu).detail())
        .isEqualTo(
            "model input shape [-1, 12, 1000] does not fit the manifest's input contract [N, 12, 500]");

    CheckpointSpec djl = zoo.checkpoints().get(2);
    CheckpointSpec djlWrongLabels =
        new CheckpointSpec(
            djl.name(),
            djl.uri(),
            djl.sha256(),
            djl.format(),
            djl.input(),
            djl.output(),
            List.of("a", "b"),
            djl.architecture());
    assertThat(ZooVerifier.verify(djlWrongLabels, conf, cpu).detail())
        .isEqualTo("architecture outputs 5 labels, the manifest lists 2");
  }
}
