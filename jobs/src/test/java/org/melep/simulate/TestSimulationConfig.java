package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSimulationConfig {
  @Test
  void embeddedDefaultsHoldTheFourDatasets() {
    SimulationConfig c = SimulationConfig.embedded();
    assertThat(c.datasets)
        .extracting(d -> d.name)
        .containsExactly("sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl");
    assertThat(c.nSamples()).isEqualTo(1000);
    assertThat(c.dataset("sim_georgia").leadGains).hasSize(12);
  }

  @Test
  void datasetsOptionSelectsAndReweights() {
    SimulationConfig c = SimulationConfig.embedded().withDatasets("sim_cpsc:0.25, sim_csn");
    assertThat(c.datasets).extracting(d -> d.name).containsExactly("sim_cpsc", "sim_csn");
    assertThat(c.datasets.get(0).weight).isEqualTo(0.25);
    assertThat(c.datasets.get(1).weight).isEqualTo(0.5);
    assertThat(SimulationConfig.embedded().dataset("sim_cpsc").weight).isEqualTo(0.15);
  }

  @Test
  void badDatasetsOptionIsNamed() {
    assertThatThrownBy(() -> SimulationConfig.embedded().withDatasets("sim_csn:lots"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot parse --datasets: weight is not a number: sim_csn:lots");
    assertThatThrownBy(() -> SimulationConfig.embedded().withDatasets("sim_x"))
        .hasMessageStartingWith("Cannot find simulated dataset: not configured")
        .hasMessageEndingWith(": sim_x");
  }

  @Test
  void fileIsReadAsPlainDataAndValidated(@TempDir Path dir) throws Exception {
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(
        ok,
        "sampling_rate: 250\nduration_seconds: 4\ndatasets:\n"
            + "  - name: tiny\n    rhythms: {NORM: 1.0}\n"
            + "    findings:\n      - {name: LVH, prevalence: 0.5}\n");
    SimulationConfig c = SimulationConfig.read(ok);
    assertThat(c.nSamples()).isEqualTo(1000);
    assertThat(c.dataset("tiny").findings.get(0).prevalence).isEqualTo(0.5);

    Path badRhythm = dir.resolve("bad.yaml");
    Files.writeString(badRhythm, "datasets:\n  - name: x\n    rhythms: {LVH: 1.0}\n");
    assertThatThrownBy(() -> SimulationConfig.read(badRhythm))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid x.rhythms: LVH");

    Path unknownKey = dir.resolve("typo.yaml");
    Files.writeString(unknownKey, "datasets:\n  - name: x\n    rythms: {NORM: 1.0}\n");
    assertThatThrownBy(() -> SimulationConfig.read(unknownKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot read simulator settings: " + unknownKey)
        .hasMessageContaining("rythms");

    Path badLeads = dir.resolve("leads.yaml");
    Files.writeString(
        badLeads, "datasets:\n  - name: x\n    rhythms: {NORM: 1.0}\n    lead_gains: [1, 2]\n");
    assertThatThrownBy(() -> SimulationConfig.read(badLeads))
        .hasMessageContaining("invalid x.lead_gains (12 values): [1.0, 2.0]");
  }

  @Test
  void recordingKnobsAreReadAndOutOfRangeValuesNamed(@TempDir Path dir) throws Exception {
    SimulationConfig c = SimulationConfig.embedded();
    DatasetProfile georgia = c.dataset("sim_georgia");
    assertThat(georgia.mainsHz).isEqualTo(60.0);
    assertThat(georgia.lowpassHz).isEqualTo(25.0);
    assertThat(georgia.vocabulary()).isEqualTo("georgia");
    assertThat(c.dataset("sim_cpsc").noiseColour).isEqualTo(0.6);
    assertThat(c.dataset("sim_ptbxl").vocabulary()).isEqualTo("ptbxl");
    assertThat(c.dataset("sim_csn").vocabulary()).isEqualTo("csn");
    String base = "datasets:\n  - name: x\n    rhythms: {NORM: 1.0}\n";
    String[][] bad = {
      {"    noise_colour: 1.0\n", "invalid x.noise_colour (0..0.99): 1.0"},
      {
        "    lowpass_hz: 10\n    highpass_hz: 20\n",
        "invalid x.lowpass_hz (0 or above highpass_hz): 10.0"
      },
      {"    highpass_hz: 50\n", "invalid x.highpass_hz (0 or below Nyquist): 50.0"},
      {"    mains_mv: -1\n", "invalid x.mains_mv: -1.0"},
      {"    lead_placement_deg: 90\n", "invalid x.lead_placement_deg: 90.0"},
      {"    arm_reversal: 2\n", "invalid x.arm_reversal: 2.0"},
      {"    label_set: nope\n", "invalid x.label_set (known: [cpsc, georgia, ptbxl, csn]): nope"},
      {"    annotates: nope\n", "invalid x.annotates (all or [cpsc, georgia, ptbxl, csn]): nope"},
    };
    int i = 0;
    for (String[] b : bad) {
      Path f = dir.resolve("bad" + i++ + ".yaml");
      Files.writeString(f, base + b[0]);
      assertThatThrownBy(() -> SimulationConfig.read(f))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot use simulator settings " + f + ": " + b[1]);
    }
  }
}
