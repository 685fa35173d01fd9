package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;

/** Labels drive the signal: simple detectors, independent of the generator, separate them. */
class TestLabelSignalCoupling {
  private static final int N = 40;
  private static RecordGenerator gen;

  @BeforeAll
  static void setUp() {
    gen = new RecordGenerator(SimulationConfig.embedded(), LabelSetTable.embedded(), 7);
  }

  /** Decoded leads of N records with the given conditions (from the stored bytes). */
  private static double[] measure(long conditions, ToDoubleFunction<float[][]> detector) {
    double[] out = new double[N];
    double[] gains = new double[CorpusSchema.N_LEADS];
    Arrays.fill(gains, EcgSignal.DEFAULT_GAIN);
    for (int i = 0; i < N; i++) {
      SimulatedRecord r = gen.generateWith(1000L * conditions + i, "sim_csn", conditions);
      out[i] = detector.applyAsDouble(EcgSignal.decodeMillivolts(r.signal(), gains, r.nSamples()));
    }
    return out;
  }

  private static long sinus(Condition finding) {
    return Condition.mask(Condition.NORM, finding);
  }

  @Test
  void heartRateSeparatesBradycardiaNormalAndTachycardia() {
    double[] sb = measure(Condition.SB.bit(), l -> EcgDetectors.heartRate(l, 100));
    double[] norm = measure(Condition.NORM.bit(), l -> EcgDetectors.heartRate(l, 100));
    double[] tach = measure(Condition.STach.bit(), l -> EcgDetectors.heartRate(l, 100));
    assertThat(min(sb)).as("SB %s", Arrays.toString(sb)).isGreaterThan(35.0);
    assertThat(max(sb)).as("SB %s", Arrays.toString(sb)).isLessThan(60.0);
    assertThat(min(norm)).as("NORM %s", Arrays.toString(norm)).isGreaterThan(60.0);
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isLessThan(100.0);
    assertThat(min(tach)).as("STach %s", Arrays.toString(tach)).isGreaterThan(100.0);
    assertThat(max(tach)).as("STach %s", Arrays.toString(tach)).isLessThan(160.0);
  }

  @Test
  void qrsWidthSeparatesRightBundleBranchBlockFromNormal() {
    double[] norm = measure(Condition.NORM.bit(), l -> EcgDetectors.qrsWidth(l, 100));
    double[] crbbb = measure(sinus(Condition.CRBBB), l -> EcgDetectors.qrsWidth(l, 100));
    double[] lbbb = measure(sinus(Condition.LBBB), l -> EcgDetectors.qrsWidth(l, 100));
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isLessThanOrEqualTo(0.11);
    assertThat(Arrays.stream(crbbb).filter(w -> w >= 0.12).count())
        .as("CRBBB %s", Arrays.toString(crbbb))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
    assertThat(Arrays.stream(lbbb).filter(w -> w >= 0.12).count())
        .as("LBBB %s", Arrays.toString(lbbb))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
  }

  @Test
  void atrialFibrillationHasIrregularRr() {
    double[] norm = measure(Condition.NORM.bit(), l -> EcgDetectors.rrVariation(l, 100));
    double[] af = measure(Condition.AF.bit(), l -> EcgDetectors.rrVariation(l, 100));
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isLessThan(0.07);
    assertThat(Arrays.stream(af).filter(cv -> cv > 0.09).count())
        .as("AF %s", Arrays.toString(af))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
  }

  @Test
  void firstDegreeBlockHasALongPrInterval() {
    // at bradycardia rates the previous T wave ends well before the P wave
    int lead2 = CorpusSchema.LEADS.indexOf("II");
    double[] norm = measure(Condition.SB.bit(), l -> EcgDetectors.pToR(l, lead2, 100));
    double[] iavb =
        measure(
            Condition.mask(Condition.SB, Condition.IAVB), l -> EcgDetectors.pToR(l, lead2, 100));
    assertThat(max(norm)).as("SB %s", Arrays.toString(norm)).isLessThanOrEqualTo(0.20);
    assertThat(min(iavb)).as("IAVB %s", Arrays.toString(iavb)).isGreaterThanOrEqualTo(0.22);
  }

  @Test
  void prematureBeatsOnlyWithPacOrPvc() {
    double[] norm = measure(Condition.NORM.bit(), l -> EcgDetectors.prematureBeats(l, 100));
    double[] pac = measure(sinus(Condition.PAC), l -> EcgDetectors.prematureBeats(l, 100));
    double[] pvc = measure(sinus(Condition.PVC), l -> EcgDetectors.prematureBeats(l, 100));
    assertThat(max(norm)).as("NORM %s", Arrays.toString(norm)).isZero();
    assertThat(Arrays.stream(pac).filter(k -> k >= 1).count())
        .as("PAC %s", Arrays.toString(pac))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
    assertThat(Arrays.stream(pvc).filter(k -> k >= 1).count())
        .as("PVC %s", Arrays.toString(pvc))
        .isGreaterThanOrEqualTo(N * 9 / 10L);
  }

  @Test
  void voltageSeparatesHypertrophyAndLowVoltage() {
    int v5 = CorpusSchema.LEADS.indexOf("V5");
    int lead1 = CorpusSchema.LEADS.indexOf("I");
    double[] norm = measure(Condition.NORM.bit(), l -> EcgDetectors.peakToPeak(l[v5]));
    double[] lvh = measure(sinus(Condition.LVH), l -> EcgDetectors.peakToPeak(l[v5]));
    double[] normLimb = measure(Condition.NORM.bit(), l -> EcgDetectors.peakToPeak(l[lead1]));
    double[] low = measure(sinus(Condition.LQRSV), l -> EcgDetectors.peakToPeak(l[lead1]));
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
