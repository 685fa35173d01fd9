package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.melep.labels.LabelSets;

/**
 * The relatedness table of the embedded configuration, its CSV form and the transfer prediction.
 */
class TestRelatedness {
  private static final SimulationConfig CONFIG = SimulationConfig.embedded();
  private static final Relatedness TABLE = Relatedness.of(CONFIG, LabelSets.defaults());
  private static final List<String> SOURCES = List.of("sim_cpsc", "sim_georgia", "sim_ptbxl");

  /**
   * The documented table (docs/simulate.md, "What each source teaches"): weight of each CSN target
   * label for each source, worked out by hand from conf/simulate.yaml.
   */
  private static final Map<String, double[]> DOCUMENTED = new LinkedHashMap<>();

  static {
    // label -> {sim_cpsc, sim_georgia, sim_ptbxl}
    DOCUMENTED.put("SB", new double[] {0, 1, 0});
    DOCUMENTED.put("NORM", new double[] {1, 1, 0});
    DOCUMENTED.put("AFL", new double[] {0, 0, 0});
    DOCUMENTED.put("STach", new double[] {0, 1, 0});
    DOCUMENTED.put("TAb", new double[] {0, 1, 0.2});
    DOCUMENTED.put("LVH", new double[] {0, 0, 1});
    DOCUMENTED.put("STC", new double[] {0, 0, 0.2});
    DOCUMENTED.put("TInv", new double[] {0, 1, 0.2});
    DOCUMENTED.put("SA", new double[] {0, 0, 0});
    DOCUMENTED.put("AF", new double[] {1, 0, 0});
    DOCUMENTED.put("LQRSV", new double[] {0, 0, 0});
    DOCUMENTED.put("STD", new double[] {1, 0, 0.2});
    DOCUMENTED.put("LAD", new double[] {0, 1, 0.25});
    DOCUMENTED.put("PAC", new double[] {1, 0, 0});
    DOCUMENTED.put("PR", new double[] {0, 0, 0});
    DOCUMENTED.put("STT", new double[] {0, 0, 0.2});
    DOCUMENTED.put("IAVB", new double[] {1, 0, 0.25});
    DOCUMENTED.put("CRBBB", new double[] {1, 0, 0.25});
    DOCUMENTED.put("PVC", new double[] {1, 0, 0});
    DOCUMENTED.put("QAb", new double[] {0, 0, 0.5});
  }

  @Test
  void weightsAreTheDocumentedTable() {
    assertThat(DOCUMENTED.keySet())
        .containsExactlyElementsOf(LabelSets.defaults().labelSet("csn").labels());
    for (Map.Entry<String, double[]> e : DOCUMENTED.entrySet()) {
      for (int s = 0; s < SOURCES.size(); s++) {
        assertThat(TABLE.weight(SOURCES.get(s), "csn", e.getKey()))
            .as("%s for %s", SOURCES.get(s), e.getKey())
            .isCloseTo(e.getValue()[s], within(1e-12));
      }
      // the target teaches itself every label
      assertThat(TABLE.weight("sim_csn", "csn", e.getKey())).isEqualTo(1.0);
    }
  }

  /**
   * The declared structure matches the generated records: a source never generates a condition the
   * table calls absent, and a label the table says it teaches fully is positive in its own label
   * set exactly in the records with that condition.
   */
  @Test
  void tableAgreesWithTheGeneratedRecords() {
    Map<String, String> ownLabel =
        Map.of(
            "sim_cpsc/CRBBB", "RBBB",
            "sim_cpsc/PVC", "VEB",
            "sim_ptbxl/LVH", "HYP");
    for (String source : SOURCES) {
      RecordGenerator g =
          new RecordGenerator(CONFIG.withDatasets(source), LabelSets.defaults(), 21);
      String vocabulary = CONFIG.dataset(source).vocabulary();
      long seen = 0;
      SimulatedRecord[] records = new SimulatedRecord[3000];
      for (int i = 0; i < records.length; i++) {
        records[i] = g.generate(i);
        seen |= records[i].conditions();
      }
      for (String label : DOCUMENTED.keySet()) {
        Condition c = Condition.parse(label);
        List<Relatedness.Row> rows =
            TABLE.rows().stream()
                .filter(
                    r ->
                        r.sourceDataset().equals(source)
                            && r.targetLabelSet().equals("csn")
                            && r.targetLabel().equals(label))
                .toList();
        assertThat(rows).as("%s %s", source, label).isNotEmpty();
        boolean absent = rows.stream().allMatch(r -> r.relation().equals(Relatedness.ABSENT));
        assertThat(c.in(seen)).as("%s contains %s", source, label).isEqualTo(!absent);
        if (TABLE.weight(source, "csn", label) == 1.0 && !label.equals("NORM")) {
          String own = ownLabel.getOrDefault(source + "/" + label, label);
          for (SimulatedRecord r : records) {
            assertThat(r.labels().get(vocabulary).contains(own))
                .as("%s record %s: %s <-> condition %s", source, r.recordId(), own, label)
                .isEqualTo(c.in(r.conditions()));
          }
        }
      }
    }
  }

  @Test
  void predictionPicksTheSourceThatTeachesTheFoldsLabels() {
    assertThat(TABLE.predict("csn", List.of("AF", "PAC", "CRBBB", "PVC"), SOURCES).best())
        .contains("sim_cpsc");
    assertThat(TABLE.predict("csn", List.of("SB", "STach", "TInv", "LAD"), SOURCES).best())
        .contains("sim_georgia");
    assertThat(TABLE.predict("csn", List.of("LVH", "QAb", "STC", "STT"), SOURCES).best())
        .contains("sim_ptbxl");
    Relatedness.Prediction mixed =
        TABLE.predict("csn", List.of("AF", "SB", "STach", "LVH"), SOURCES);
    assertThat(mixed.best()).contains("sim_georgia");
    assertThat(mixed.ranking())
        .extracting(Relatedness.SourceScore::source)
        .containsExactly("sim_georgia", "sim_cpsc", "sim_ptbxl");
    assertThat(mixed.ranking().get(0).score()).isCloseTo(0.5, within(1e-12));
    assertThat(mixed.ranking().get(0).coveredLabels()).containsExactly("SB", "STach");
    // nobody teaches these: a tie, no best
    Relatedness.Prediction none =
        TABLE.predict("csn", List.of("AFL", "SA", "LQRSV", "PR"), SOURCES);
    assertThat(none.best()).isEmpty();
    assertThat(none.ranking()).allSatisfy(s -> assertThat(s.score()).isZero());
  }

  @Test
  void labelWeightsShiftThePrediction() {
    Map<String, Double> w = new LinkedHashMap<>();
    w.put("TAb", 1.0);
    w.put("LVH", 5.0);
    Relatedness.Prediction p = TABLE.predict("csn", w, SOURCES);
    assertThat(p.best()).contains("sim_ptbxl");
    assertThat(p.ranking().get(0).score()).isCloseTo((0.2 + 5) / 6, within(1e-12));
    w.put("TAb", 30.0);
    assertThat(TABLE.predict("csn", w, SOURCES).best()).contains("sim_georgia");
  }

  @Test
  void unknownLabelsAndSourcesAreNamed() {
    assertThatThrownBy(() -> TABLE.predict("csn", List.of("AF", "XYZ"), SOURCES))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot predict transfer: label XYZ is not in label set csn");
    assertThatThrownBy(() -> TABLE.predict("csn", List.of("AF"), List.of("sim_nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot predict transfer: no relatedness of source sim_nope");
    assertThatThrownBy(() -> TABLE.predict("csn", List.of(), SOURCES))
        .hasMessage("Cannot predict transfer: the fold has no target labels");
  }

  @Test
  void ptbxlTargetLabelsAverageOverTheirFindings() {
    // CD is driven by IAVB, CRBBB, LBBB, LAD; sim_cpsc teaches IAVB, RBBB, LBBB exactly
    assertThat(TABLE.weight("sim_cpsc", "ptbxl", "CD")).isCloseTo(0.75, within(1e-12));
    assertThat(TABLE.weight("sim_georgia", "ptbxl", "CD")).isCloseTo(0.25, within(1e-12));
    // STTC: sim_georgia has TAb, TInv and LQT labels for three of its six findings
    assertThat(TABLE.weight("sim_georgia", "ptbxl", "STTC")).isCloseTo(0.5, within(1e-12));
    assertThat(TABLE.weight("sim_ptbxl", "ptbxl", "CD")).isCloseTo(1.0, within(1e-12));
    // NORM of PTB-XL is the absence of the others: no finding drives it
    assertThat(TABLE.weight("sim_ptbxl", "ptbxl", "NORM")).isZero();
  }

  @Test
  void csvRoundTripsAndBadFilesAreNamed() throws Exception {
    StringWriter w = new StringWriter();
    TABLE.write(w);
    String csv = w.toString();
    assertThat(csv).startsWith(Relatedness.HEADER + "\n");
    assertThat(csv)
        .contains("sim_ptbxl,ptbxl,STTC,STD|STC|STT|TAb|TInv,csn,TInv,TInv,TInv,taught,0.2\n")
        .contains("sim_georgia,georgia,,,csn,PVC,PVC,,absent,0.0\n")
        .contains("sim_ptbxl,ptbxl,,,csn,NORM,NORM,NORM,unlabelled,0.0\n");
    Relatedness back = Relatedness.read(new StringReader(csv), "t.csv");
    assertThat(back.rows()).isEqualTo(TABLE.rows());
    for (String label : DOCUMENTED.keySet()) {
      for (String s : TABLE.sources()) {
        assertThat(back.weight(s, "csn", label)).isEqualTo(TABLE.weight(s, "csn", label));
      }
    }
    assertThatThrownBy(() -> Relatedness.read(new StringReader("a,b\n"), "t.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read relatedness table t.csv: expected header");
    assertThatThrownBy(
            () ->
                Relatedness.read(
                    new StringReader(
                        Relatedness.HEADER + "\nsim_x,cpsc,AF,AF,csn,AF,AF,AF,taught,lots\n"),
                    "t.csv"))
        .hasMessage(
            "Cannot read relatedness table t.csv: line 2, column weight: not a number: lots");
  }
}
