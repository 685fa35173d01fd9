package org.melep.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.melep.inference.RunnerOptions;

class TestDemoZoo {

  @Test
  void demoZooIsReproducibleSmallAndVerifies() throws Exception {
    Path a = Files.createTempDirectory("demo-a");
    Path b = Files.createTempDirectory("demo-b");
    ZooManifest za = DemoZoo.write(a.toString(), 3, new Configuration());
    ZooManifest zb = DemoZoo.write(b.toString(), 3, new Configuration());
    assertThat(za.checkpoints()).extracting(CheckpointSpec::sha256)
        .isEqualTo(zb.checkpoints().stream().map(CheckpointSpec::sha256).toList());
    assertThat(za.checkpoints()).extracting(CheckpointSpec::format)
        .containsExactly(ModelFormat.ONNX, ModelFormat.ONNX, ModelFormat.DJL);
    assertThat(za.checkpoints()).extracting(c -> c.labels().size()).containsExactly(9, 10, 5);
    assertThat(za.checkpoints().get(1).output()).isEqualTo(CheckpointSpec.OutputKind.PROBS);
    long total = 0;
    try (var files = Files.list(a)) {
      for (Path p : files.toList()) {
        total += Files.size(p);
      }
    }
    assertThat(total).isLessThan(5L << 20);
    List<ZooVerifier.Check> checks = ZooVerifier.verify(za, new Configuration(), RunnerOptions.cpu(1));
    assertThat(checks).allMatch(ZooVerifier.Check::ok, "all verify OK");
    assertThat(checks.get(0).detail()).startsWith("onnxruntime CPU, input [N, 12, 1000] -> [N, 9]");
  }

  @Test
  void verifyReportsWrongHashMissingFileAndShapeMismatch() throws Exception {
    Path dir = Files.createTempDirectory("demo-bad");
    ZooManifest zoo = DemoZoo.write(dir.toString(), 3, new Configuration());
    CheckpointSpec good = zoo.checkpoints().get(0);
    Configuration conf = new Configuration();
    RunnerOptions cpu = RunnerOptions.cpu(1);

    ZooVerifier.Check hash = ZooVerifier.verify(good.withSha256("0".repeat(64)), conf, cpu);
    assertThat(hash.ok()).isFalse();
    assertThat(hash.detail()).startsWith("sha256 of " + good.uri() + " is " + good.sha256() + " but the manifest says 000");

    ZooVerifier.Check gone = ZooVerifier.verify(good.withUri(dir.resolve("gone.onnx").toString()), conf, cpu);
    assertThat(gone.detail()).isEqualTo("model file not found: " + dir.resolve("gone.onnx"));

    CheckpointSpec fewerLabels = new CheckpointSpec(good.name(), good.uri(), good.sha256(), good.format(),
        good.input(), good.output(), List.of("NORM", "AF"), null);
    assertThat(ZooVerifier.verify(fewerLabels, conf, cpu).detail())
        .isEqualTo("model output shape [-1, 9] does not fit the manifest's 2 labels [N, 2]");

    InputContract shorter = new InputContract(100, 500, good.input().leads(), InputContract.Layout.NCL,
        InputContract.Normalization.NONE);
    CheckpointSpec wrongInput = new CheckpointSpec(good.name(), good.uri(), good.sha256(), good.format(),
        shorter, good.output(), good.labels(), null);
    assertThat(ZooVerifier.verify(wrongInput, conf, cpu).detail())
        .isEqualTo("model input shape [-1, 12, 1000] does not fit the manifest's input contract [N, 12, 500]");

    CheckpointSpec djl = zoo.checkpoints().get(2);
    CheckpointSpec djlWrongLabels = new CheckpointSpec(djl.name(), djl.uri(), djl.sha256(), djl.format(),
        djl.input(), djl.output(), List.of("a", "b"), djl.architecture());
    assertThat(ZooVerifier.verify(djlWrongLabels, conf, cpu).detail())
        .isEqualTo("architecture outputs 5 labels, the manifest lists 2");
  }
}
