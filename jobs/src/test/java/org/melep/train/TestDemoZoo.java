package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.melep.inference.RunnerOptions;
import org.melep.inference.ZooVerifier;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

class TestDemoZoo {

  @Test
  void demoZooIsReproducibleSmallAndVerifies() throws Exception {
    Path a = Files.createTempDirectory("demo-a");
    Path b = Files.createTempDirectory("demo-b");
    ZooManifest za = DemoZoo.write(a.toString(), 3, new Configuration());
    ZooManifest zb = DemoZoo.write(b.toString(), 3, new Configuration());
    assertThat(za.checkpoints())
        .extracting(CheckpointSpec::sha256)
        .isEqualTo(zb.checkpoints().stream().map(CheckpointSpec::sha256).toList());
    assertThat(za.checkpoints())
        .extracting(CheckpointSpec::format)
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
    List<ZooVerifier.Check> checks =
        ZooVerifier.verify(za, new Configuration(), RunnerOptions.cpu(1));
    assertThat(checks).allMatch(ZooVerifier.Check::ok, "all verify OK");
    assertThat(checks.get(0).detail()).startsWith("onnxruntime CPU, input [N, 12, 1000] -> [N, 9]");
  }
}
