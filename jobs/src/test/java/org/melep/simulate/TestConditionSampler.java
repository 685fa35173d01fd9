package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.melep.labels.LabelSets;
import org.melep.random.RecordRng;

/** Prevalences, exclusions and co-occurrences of the configured datasets. */
class TestConditionSampler {
  private static final int N = 20_000;
  private static final SimulationConfig CONFIG = SimulationConfig.embedded();

  private static long[] sample(DatasetProfile p, long seed) {
    ConditionSampler s = new ConditionSampler(p);
    long[] masks = new long[N];
    for (int i = 0; i < N; i++) {
      masks[i] = s.sample(RecordRng.forRecord(seed, i));
    }
    return masks;
  }

  private static double frequency(long[] masks, Condition c) {
    long k = 0;
    for (long m : masks) {
      if (c.in(m)) {
        k++;
      }
    }
    return (double) k / masks.length;
  }

  @Test
  void everyDatasetMatchesItsConfiguredPrevalences() {
    for (DatasetProfile p : CONFIG.datasets) {
      long[] masks = sample(p, 11);
      double total = p.rhythms.values().stream().mapToDouble(Double::doubleValue).sum();
      for (Map.Entry<String, Double> r : p.rhythms.entrySet()) {
        assertThat(frequency(masks, Condition.parse(r.getKey())))
            .as("%s rhythm %s", p.name, r.getKey())
            .isCloseTo(r.getValue() / total, within(0.015));
      }
      for (FindingPrior f : p.findings) {
        assertThat(frequency(masks, Condition.parse(f.name)))
            .as("%s finding %s", p.name, f.name)
            .isCloseTo(f.prevalence, within(0.015));
      }
    }
  }

  /** Each source holds only its own family of conditions (docs/simulate.md); the target all. */
  @Test
  void sourcesNeverContainTheConditionsOutsideTheirFamily() {
    Map<String, List<Condition>> families =
        Map.of(
            "sim_cpsc",
            List.of(
                Condition.NORM,
                Condition.AF,
                Condition.IAVB,
                Condition.CRBBB,
                Condition.LBBB,
                Condition.PAC,
                Condition.PVC,
                Condition.STD,
                Condition.STE),
            "sim_georgia",
            List.of(
                Condition.NORM,
                Condition.SB,
                Condition.STach,
                Condition.LAD,
                Condition.TAb,
                Condition.TInv,
                Condition.LQT),
            "sim_ptbxl",
            List.of(
                Condition.NORM,
                Condition.LVH,
                Condition.LAD,
                Condition.QAb,
                Condition.CRBBB,
                Condition.LBBB,
                Condition.IAVB,
                Condition.STE,
                Condition.STD,
                Condition.STC,
                Condition.STT,
                Condition.TAb,
                Condition.TInv),
            "sim_csn",
            List.of(Condition.values()));
    for (DatasetProfile p : CONFIG.datasets) {
      long family = Condition.mask(families.get(p.name).toArray(new Condition[0]));
      long seen = 0;
      for (long m : sample(p, 13)) {
        seen |= m;
      }
      assertThat(Condition.decode(seen)).as(p.name).isEqualTo(Condition.decode(family));
      assertThat(Condition.decode(new ConditionSampler(p).possible()))
          .as(p.name)
          .isEqualTo(Condition.decode(family));
    }
  }

  @Test
  void exactlyOneRhythmAndNoExcludedOrDisallowedCombination() {
    DatasetProfile p = CONFIG.dataset("sim_csn");
    long[] masks = sample(p, 3);
    for (long m : masks) {
      long rhythms =
          Condition.decode(m).stream().filter(c -> c.kind() == Condition.Kind.RHYTHM).count();
      assertThat(rhythms).isEqualTo(1);
      Condition rhythm = Condition.rhythmOf(m);
      for (FindingPrior f : p.findings) {
        Condition c = Condition.parse(f.name);
        if (!c.in(m)) {
          continue;
        }
        if (!f.rhythms.isEmpty()) {
          assertThat(f.rhythms).as("%s with %s", c, rhythm).contains(rhythm.name());
        }
        for (String ex : f.excludes) {
          assertThat(Condition.parse(ex).in(m)).as("%s with excluded %s", c, ex).isFalse();
        }
      }
    }
  }

  @Test
  void givenFindingRaisesTheConditionalProbability() {
    long[] masks = sample(CONFIG.dataset("sim_csn"), 5);
    long lvh = 0;
    long stdGivenLvh = 0;
    long notLvh = 0;
    long stdGivenNotLvh = 0;
    for (long m : masks) {
      boolean std = Condition.STD.in(m);
      if (Condition.LVH.in(m)) {
        lvh++;
        stdGivenLvh += std ? 1 : 0;
      } else {
        notLvh++;
        stdGivenNotLvh += std ? 1 : 0;
      }
    }
    double pIf = (double) stdGivenLvh / lvh;
    double pElse = (double) stdGivenNotLvh / notLvh;
    assertThat(pIf).isGreaterThan(2 * pElse);
  }

  @Test
  void generatedCsnLabelsFollowTheConditions() {
    RecordGenerator gen =
        new RecordGenerator(CONFIG.withDatasets("sim_csn"), LabelSets.defaults(), 2);
    int n = 3000;
    int sb = 0;
    int crbbb = 0;
    for (int i = 0; i < n; i++) {
      SimulatedRecord r = gen.generate(i);
      List<String> csn = r.labels().get("csn");
      assertThat(csn.contains("SB")).isEqualTo(Condition.SB.in(r.conditions()));
      assertThat(csn.contains("CRBBB")).isEqualTo(Condition.CRBBB.in(r.conditions()));
      sb += csn.contains("SB") ? 1 : 0;
      crbbb += csn.contains("CRBBB") ? 1 : 0;
    }
    assertThat(sb / (double) n).isCloseTo(0.30, within(0.03));
    assertThat(crbbb / (double) n).isCloseTo(0.06, within(0.015));
  }
}
