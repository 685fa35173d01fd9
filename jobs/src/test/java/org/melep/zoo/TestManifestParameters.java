package org.melep.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;

/** The manifest's {@code parameters} field and the small variants' architecture fields. */
class TestManifestParameters {
  private static final Path BASE = new Path("/zoo");
  private static final String ENTRY =
      "checkpoints:\n  - name: m1\n    uri: m1.onnx\n    sha256: \""
          + "a".repeat(64)
          + "\"\n    format: onnx\n"
          + "    input: {fs: 100, samples: 1000}\n    output: logits\n    labels: [A, B]\n";

  @Test
  void parametersResolveAgainstTheManifestFolder() {
    String yaml =
        ENTRY
            + "    architecture: {type: resnet1d, blocks: [1, 1, 1], width: 32, head: 64, block: basic}\n"
            + "    parameters: {uri: m1.params, sha256: \""
            + "B".repeat(64)
            + "\"}\n";
    CheckpointSpec c = ZooManifest.parse(yaml, "z", BASE).checkpoints().get(0);
    assertThat(c.parameters())
        .isEqualTo(new CheckpointSpec.ParametersFile("/zoo/m1.params", "b".repeat(64)));
    assertThat(c.architecture()).isEqualTo(ResNet1dArchitecture.resnet1dSmall(2));
    String lstm = ENTRY + "    architecture: {type: bilstm, hidden: 32, pool: 4, readout: mean}\n";
    assertThat(ZooManifest.parse(lstm, "z", BASE).checkpoints().get(0).architecture())
        .isEqualTo(BiLstmArchitecture.bilstmSmall(2));
    // without a readout: every step's states, as checkpoints written before the mean readout
    String steps = ENTRY + "    architecture: {type: bilstm, hidden: 32, pool: 4}\n";
    assertThat(ZooManifest.parse(steps, "z", BASE).checkpoints().get(0).architecture())
        .isEqualTo(new BiLstmArchitecture(12, 1000, 32, 2, 4))
        .isNotEqualTo(BiLstmArchitecture.bilstmSmall(2));
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    ENTRY + "    architecture: {type: bilstm, hidden: 32, readout: last}\n",
                    "z",
                    BASE))
        .hasMessageContaining("Cannot read a Bi-LSTM readout: expected steps or mean: last");
  }

  @Test
  void parametersNeedAnArchitectureAndAHash() {
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    ENTRY + "    parameters: {uri: p, sha256: \"" + "a".repeat(64) + "\"}\n",
                    "z",
                    BASE))
        .hasMessage(
            "Cannot read zoo manifest z: checkpoint #1 (m1): parameters need an 'architecture' to rebuild the network");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    ENTRY
                        + "    architecture: {type: bilstm, hidden: 3}\n    parameters: {uri: p, sha256: x}\n",
                    "z",
                    BASE))
        .hasMessage(
            "Cannot read zoo manifest z: checkpoint #1 (m1): parameters.sha256 must be 64 hex digits: x");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    ENTRY
                        + "    architecture: {type: resnet1d, blocks: [1], width: 4, head: 4, block: tiny}\n",
                    "z",
                    BASE))
        .hasMessage(
            "Cannot read zoo manifest z: checkpoint #1 (m1): architecture.block must be basic or bottleneck: tiny");
  }
}
