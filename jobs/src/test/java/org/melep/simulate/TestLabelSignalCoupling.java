package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.labels.LabelSets;

/**
 * Labels drive the signal: simple detectors, independent of the generator, separate them, under the
 * recording settings of every simulated dataset (the target's and each source's noise, mains,
 * filters, gains and electrode placement).
 */
class TestLabelSignalCoupling {
  private static final int N = 40;
  private static RecordGenerator gen;

  @BeforeAll
  static void setUp() {
    gen = new RecordGenerator(SimulationConfig.embedded(), LabelSets.defaults(), 7);
  }

  /** Decoded leads of N records with the given conditions (from the stored bytes). */
  private static double[] measure(
      String dataset, long conditions, ToDoubleFunction<float[][]> detector) {
    double[] out = new double[N];
    double[] gains = new double[CorpusSchema.N_LEADS];
    Arrays.fill(gains, EcgSignal.DEFAULT_GAIN);
    for (int i = 0; i < N; i++) {
      SimulatedRecord r = gen.generateWith(1000L * conditions + i, dataset, conditions);
      out[i] = detector.applyAsDouble(EcgSignal.decodeMillivolts(r.signal(), gains, r.nSamples()));
    }
    return out;
  }

  private static long sinus(Condition finding) {
    return Condition.mask(Condition.NORM, finding);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl"})
  void heartRateSeparatesBradycardiaNormalAndTachycardia(String dataset) {
    double[] sb = measure(dataset, Condition.SB.bit(), l -> EcgDetectors.heartRate(l, 100));
    double[] norm = measure(dataset, Condition.NORM.bit(), l -> EcgDetectors.heartRate(l, 100));
    double[] tach = measure(dataset, Condition.STach.bit(), l -> EcgDetectors.heartRate(l, 100));
    assertThat(min(sb)).as("SB %s", Arrays.toString(sb)).isGreaterThan(35.0);
    assertThat(max(sb)).as("SB %s", Arrays.toString(sb)).isLessThan(60.0);
    assertThat(min(norm)).as("NORM %s", Arrays.toString(norm)).isGreaterThan(60.0);
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isLessThan(100.0);
    assertThat(min(tach)).as("STach %s", Arrays.toString(tach)).isGreaterThan(100.0);
    assertThat(max(tach)).as("STach %s", Arrays.toString(tach)).isLessThan(160.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl"})
  void qrsWidthSeparatesRightBundleBranchBlockFromNormal(String dataset) {
    double[] norm = measure(dataset, Condition.NORM.bit(), l -> EcgDetectors.qrsWidth(l, 100));
    double[] crbbb = measure(dataset, sinus(Condition.CRBBB), l -> EcgDetectors.qrsWidth(l, 100));
    double[] lbbb = measure(dataset, sinus(Condition.LBBB), l -> EcgDetectors.qrsWidth(l, 100));
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isLessThanOrEqualTo(0.11);
    assertThat(Arrays.stream(crbbb).filter(w -> w >= 0.12).count())
        .as("CRBBB %s", Arrays.toString(crbbb))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
    assertThat(Arrays.stream(lbbb).filter(w -> w >= 0.12).count())
        .as("LBBB %s", Arrays.toString(lbbb))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl"})
  void atrialFibrillationHasIrregularRr(String dataset) {
    double[] norm = measure(dataset, Condition.NORM.bit(), l -> EcgDetectors.rrVariation(l, 100));
    double[] af = measure(dataset, Condition.AF.bit(), l -> EcgDetectors.rrVariation(l, 100));
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isLessThan(0.07);
    assertThat(Arrays.stream(af).filter(cv -> cv > 0.09).count())
        .as("AF %s", Arrays.toString(af))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl"})
  void firstDegreeBlockHasALongPrInterval(String dataset) {
    // at bradycardia rates the previous T wave ends well before the P wave
    int lead2 = CorpusSchema.LEADS.indexOf("II");
    double[] norm = measure(dataset, Condition.SB.bit(), l -> EcgDetectors.pToR(l, lead2, 100));
    double[] iavb =
        measure(
            dataset,
            Condition.mask(Condition.SB, Condition.IAVB),
            l -> EcgDetectors.pToR(l, lead2, 100));
    assertThat(max(norm)).as("SB %s", Arrays.toString(norm)).isLessThanOrEqualTo(0.20);
    assertThat(min(iavb)).as("IAVB %s", Arrays.toString(iavb)).isGreaterThanOrEqualTo(0.22);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl"})
  void prematureBeatsOnlyWithPacOrPvc(String dataset) {
    double[] norm =
        measure(dataset, Condition.NORM.bit(), l -> EcgDetectors.prematureBeats(l, 100));
    double[] pac = measure(dataset, sinus(Condition.PAC), l -> EcgDetectors.prematureBeats(l, 100));
    double[] pvc = measure(dataset, sinus(Condition.PVC), l -> EcgDetectors.prematureBeats(l, 100));
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isZero();
    assertThat(Arrays.stream(pac).filter(k -> k >= 1).count())
        .as("PAC %s", Arrays.toString(pac))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
    assertThat(Arrays.stream(pvc).filter(k -> k >= 1).count())
        .as("PVC %s", Arrays.toString(pvc))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sim_csn", "sim_cpsc", "sim_georgia", "sim_ptbxl"})
  void voltageSeparatesHypertrophyAndLowVoltage(String dataset) {
    int v5 = CorpusSchema.LEADS.indexOf("V5");
    int lead1 = CorpusSchema.LEADS.indexOf("I");
    double[] norm =
        measure(dataset, Condition.NORM.bit(), l -> EcgDetectors.detrendedPeakToPeak(l[v5], 100));
    double[] lvh =
        measure(dataset, sinus(Condition.LVH), l -> EcgDetectors.detrendedPeakToPeak(l[v5], 100));
    double[] normLimb =
        measure(
            dataset, Condition.NORM.bit(), l -> EcgDetectors.detrendedPeakToPeak(l[lead1], 100));
    double[] low =
        measure(
            dataset, sinus(Condition.LQRSV), l -> EcgDetectors.detrendedPeakToPeak(l[lead1], 100));
    assertThat(median(lvh)).isGreaterThan(1.7 * median(norm));
    assertThat(median(low)).isLessThan(0.6 * median(normLimb));
  }

  private static double min(double[] x) {
    return Arrays.stream(x).min().orElseThrow();
  }

  private static double max(double[] x) {
    return Arrays.stream(x).max().orElseThrow();
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
