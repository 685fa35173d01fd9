package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.melep.zoo.CheckpointSpec;

/**
 * The source dataset of a checkpoint melep pretrained comes from its name {@code <arch>-<dataset>}.
 */
class TestSourceDataset {
  private static CheckpointSpec named(String name) {
    return new CheckpointSpec(name, "file:/x.onnx", "0", null, null, null, List.of("A"), null);
  }

  @Test
  void theLongestArchitectureNameIsStrippedSoSmallVariantsKeepTheirDataset() {
    assertThat(FinetuneJob.sourceDataset(named("bilstm-small-sim_cpsc"))).isEqualTo("sim_cpsc");
    assertThat(FinetuneJob.sourceDataset(named("resnet1d-small-sim_georgia")))
        .isEqualTo("sim_georgia");
    assertThat(FinetuneJob.sourceDataset(named("bilstm-sim_ptbxl"))).isEqualTo("sim_ptbxl");
    assertThat(FinetuneJob.sourceDataset(named("resnet1d101-ptbxl"))).isEqualTo("ptbxl");
    assertThat(FinetuneJob.sourceDataset(named("my-own-model"))).isNull();
  }
}
