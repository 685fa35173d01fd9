package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;

class TestRecordGenerator {
  private static final SimulationConfig CONFIG = SimulationConfig.embedded();
  private static final LabelSets TABLE = LabelSets.defaults();

  @Test
  void sameSeedAndIndexGiveTheSameBytesInAnyOrder() {
    RecordGenerator a = new RecordGenerator(CONFIG, TABLE, 42);
    RecordGenerator b = new RecordGenerator(CONFIG, TABLE, 42);
    SimulatedRecord[] forward = new SimulatedRecord[50];
    for (int i = 0; i < 50; i++) {
      forward[i] = a.generate(i);
    }
    for (int i = 49; i >= 0; i--) {
      SimulatedRecord r = b.generate(i);
      assertThat(r.signal()).isEqualTo(forward[i].signal());
      assertThat(r.recordId()).isEqualTo(forward[i].recordId());
      assertThat(r.codes()).isEqualTo(forward[i].codes());
      assertThat(r.labels()).isEqualTo(forward[i].labels());
      assertThat(r.age()).isEqualTo(forward[i].age());
      assertThat(r.sex()).isEqualTo(forward[i].sex());
    }
  }

  @Test
  void otherSeedGivesOtherSignals() {
    SimulatedRecord a = new RecordGenerator(CONFIG, TABLE, 1).generate(3);
    SimulatedRecord b = new RecordGenerator(CONFIG, TABLE, 2).generate(3);
    assertThat(a.signal()).isNotEqualTo(b.signal());
  }

  @Test
  void signalIsTheCorpusEncodingOfTheSynthesisedMillivolts() {
    RecordGenerator g = new RecordGenerator(CONFIG, TABLE, 9);
    SimulatedRecord r = g.generate(17);
    float[][] mv = g.synthesizer().leads();
    byte[] expected = EcgSignal.encode(EcgSignal.quantise(mv, EcgSignal.DEFAULT_GAIN));
    assertThat(r.signal()).isEqualTo(expected);
    assertThat(r.nSamples()).isEqualTo(1000);
    assertThat(r.fs()).isEqualTo(100.0);
    assertThat(r.signal()).hasSize(CorpusSchema.N_LEADS * 1000 * 2);
  }

  @Test
  void limbLeadsObeyEinthovenBeforeNoise() {
    double[] v = LeadProjection.project(0.3, -0.7, 0.2, 1.3);
    assertThat(v[2]).isCloseTo(v[1] - v[0], org.assertj.core.api.Assertions.within(1e-12));
    assertThat(v[3]).isCloseTo(-(v[0] + v[1]) / 2, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(v[0] + v[2]).isCloseTo(v[1], org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void recordsLookIngested() {
    RecordGenerator g = new RecordGenerator(CONFIG, TABLE, 5);
    int females = 0;
    for (int i = 0; i < 300; i++) {
      SimulatedRecord r = g.generate(i);
      assertThat(r.recordId()).startsWith(r.dataset() + "/SIM");
      assertThat(r.sourcePath()).isEqualTo("simulate:seed=5:index=" + i);
      for (String set : List.of("cpsc", "georgia", "csn")) {
        assertThat(r.labels().get(set)).isEqualTo(TABLE.labelSet(set).labelsForCodes(r.codes()));
      }
      if (r.dataset().equals("sim_ptbxl")) {
        assertThat(r.labels().get("ptbxl")).isNotEmpty();
      } else {
        assertThat(r.labels().get("ptbxl")).isEmpty();
      }
      assertThat(r.sex()).isIn("M", "F");
      females += r.sex().equals("F") ? 1 : 0;
      if (r.age() != null) {
        assertThat(r.age()).isBetween(18, 95);
      }
    }
    assertThat(females / 300.0).isBetween(0.35, 0.56);
  }

  @Test
  void cpscAnnotatesOnlyItsVocabularyAndNormOnlyForNormalEcgs() {
    RecordGenerator g = new RecordGenerator(CONFIG.withDatasets("sim_cpsc"), TABLE, 5);
    SimulatedRecord sb = g.generateWith(1, "sim_cpsc", Condition.SB.bit());
    assertThat(sb.codes()).isEmpty();
    SimulatedRecord norm = g.generateWith(2, "sim_cpsc", Condition.NORM.bit());
    assertThat(norm.labels().get("cpsc")).containsExactly("NORM");
    SimulatedRecord rbbb =
        g.generateWith(
            3, "sim_cpsc", Condition.mask(Condition.NORM, Condition.CRBBB, Condition.PVC));
    assertThat(rbbb.labels().get("cpsc")).containsExactly("RBBB", "VEB");
    assertThat(rbbb.labels().get("csn")).containsExactly("CRBBB", "PVC");
  }

  @Test
  void ptbxlSuperclassesComeFromConditions() {
    RecordGenerator g = new RecordGenerator(CONFIG.withDatasets("sim_ptbxl"), TABLE, 5);
    assertThat(g.generateWith(1, "sim_ptbxl", Condition.NORM.bit()).labels().get("ptbxl"))
        .containsExactly("NORM");
    assertThat(
            g.generateWith(
                    2, "sim_ptbxl", Condition.mask(Condition.AF, Condition.QAb, Condition.LVH))
                .labels()
                .get("ptbxl"))
        .containsExactly("MI", "HYP");
  }

  @Test
  void longRecordsHaveBeatsToTheEnd() {
    SimulationConfig longer = SimulationConfig.embedded().withDatasets("sim_csn");
    longer.durationSeconds = 120;
    RecordGenerator g = new RecordGenerator(longer, TABLE, 5);
    for (long mask :
        new long[] {
          Condition.STach.bit(), Condition.mask(Condition.SB, Condition.PAC), Condition.AF.bit()
        }) {
      g.generateWith(1, "sim_csn", mask);
      float[][] leads = g.synthesizer().leads();
      assertThat(leads[0]).hasSize(12_000);
      int[] peaks = EcgDetectors.rPeaks(leads, 100);
      assertThat(peaks[0]).as("first R of %s", Condition.decode(mask)).isLessThan(250);
      assertThat(peaks[peaks.length - 1])
          .as("last R of %s", Condition.decode(mask))
          .isGreaterThan(12_000 - 250);
    }
  }

  @Test
  void unknownDatasetIsNamed() {
    RecordGenerator g = new RecordGenerator(CONFIG, TABLE, 5);
    assertThatThrownBy(() -> g.generateWith(1, "sim_nope", Condition.NORM.bit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot find simulated dataset")
        .hasMessageContaining("sim_nope");
  }

  @Test
  void maskWithoutRhythmIsRejected() {
    RecordGenerator g = new RecordGenerator(CONFIG, TABLE, 5);
    assertThatThrownBy(() -> g.generateWith(1, "sim_csn", Condition.LVH.bit()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot find rhythm");
  }
}
