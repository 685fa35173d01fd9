package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.labels.LabelSets;

/**
 * Each recording knob of {@code conf/simulate.yaml} does what docs/simulate.md says, measured on
 * the generated leads with computations of their own (a direct DFT, moving means, lag-1
 * correlation).
 */
class TestRecordingKnobs {
  private static final int LEAD_II = CorpusSchema.LEADS.indexOf("II");
  private static final int LEAD_I = CorpusSchema.LEADS.indexOf("I");
  private static final int V5 = CorpusSchema.LEADS.indexOf("V5");

  /** A quiet dataset: no noise, wander or mains, no filters, fixed gains. */
  private static DatasetProfile quiet() {
    DatasetProfile p = new DatasetProfile();
    p.name = "knob";
    p.rhythms.put("NORM", 1.0);
    p.noiseMv = 0;
    p.wanderMv = 0;
    p.mainsMv = 0;
    p.amplitudeSd = 0;
    p.leadGainSd = 0;
    p.ageSd = 0;
    return p;
  }

  /** The leads (mV) of record {@code index} of a one-dataset configuration. */
  private static float[][] leads(DatasetProfile p, long index, long conditions) {
    SimulationConfig c = new SimulationConfig();
    c.datasets.add(p);
    c.validated("test");
    RecordGenerator g = new RecordGenerator(c, LabelSets.defaults(), 11);
    g.generateWith(index, p.name, conditions);
    return g.synthesizer().leads();
  }

  private static DatasetProfile with(Consumer<DatasetProfile> knob) {
    DatasetProfile p = quiet();
    knob.accept(p);
    return p;
  }

  /** Power of {@code x} in [lo, hi] Hz by a direct DFT (fs 100 Hz), mean removed. */
  private static double bandPower(float[] x, double lo, double hi) {
    int n = x.length;
    double mean = 0;
    for (float v : x) {
      mean += v;
    }
    mean /= n;
    double total = 0;
    for (int k = 0; k <= n / 2; k++) {
      double f = k * 100.0 / n;
      if (f < lo || f > hi) {
        continue;
      }
      double re = 0;
      double im = 0;
      for (int j = 0; j < n; j++) {
        double a = 2 * Math.PI * k * j / n;
        re += (x[j] - mean) * Math.cos(a);
        im -= (x[j] - mean) * Math.sin(a);
      }
      total += re * re + im * im;
    }
    return total;
  }

  @Test
  void mainsAddsALineAtTheAliasedFrequency() {
    // 60 Hz sampled at 100 Hz appears at 40 Hz
    DatasetProfile off = with(p -> p.mainsHz = 60);
    DatasetProfile on =
        with(
            p -> {
              p.mainsHz = 60;
              p.mainsMv = 0.05;
            });
    for (long i = 0; i < 5; i++) {
      float[] a = leads(off, i, Condition.NORM.bit())[LEAD_II];
      float[] b = leads(on, i, Condition.NORM.bit())[LEAD_II];
      assertThat(bandPower(b, 39.9, 40.1)).isGreaterThan(50 * bandPower(a, 39.9, 40.1));
    }
  }

  @Test
  void lowPassRemovesHighFrequenciesAndHighPassRemovesWander() {
    DatasetProfile noisy = with(p -> p.noiseMv = 0.05);
    DatasetProfile lowPassed =
        with(
            p -> {
              p.noiseMv = 0.05;
              p.lowpassHz = 15;
            });
    DatasetProfile wandering =
        with(
            p -> {
              p.wanderMv = 0.5;
              p.wanderHz = 0.15;
            });
    DatasetProfile highPassed =
        with(
            p -> {
              p.wanderMv = 0.5;
              p.wanderHz = 0.15;
              p.highpassHz = 0.67;
            });
    for (long i = 0; i < 5; i++) {
      float[] raw = leads(noisy, i, Condition.NORM.bit())[LEAD_II];
      float[] lp = leads(lowPassed, i, Condition.NORM.bit())[LEAD_II];
      // -3 dB at 15 Hz, second order: 35-50 Hz falls by more than 10 dB
      assertThat(bandPower(lp, 35, 50)).isLessThan(0.1 * bandPower(raw, 35, 50));
      assertThat(bandPower(lp, 1, 8)).isGreaterThan(0.7 * bandPower(raw, 1, 8));
      float[] w = leads(wandering, i, Condition.NORM.bit())[LEAD_II];
      float[] hp = leads(highPassed, i, Condition.NORM.bit())[LEAD_II];
      assertThat(bandPower(hp, 0.05, 0.2)).isLessThan(0.3 * bandPower(w, 0.05, 0.2));
    }
  }

  @Test
  void noiseColourIsTheLagOneCorrelationAtUnitVariance() {
    for (double colour : new double[] {0.0, 0.5, 0.9}) {
      float[] t = EcgSynthesizer.noiseTable(colour);
      double s1 = 0;
      double s2 = 0;
      double lag = 0;
      for (int i = 0; i < t.length; i++) {
        s1 += t[i];
        s2 += (double) t[i] * t[i];
        if (i > 0) {
          lag += (double) t[i] * t[i - 1];
        }
      }
      double mean = s1 / t.length;
      double var = s2 / t.length - mean * mean;
      assertThat(var).as("variance at %s", colour).isCloseTo(1.0, within(0.03));
      assertThat(lag / (t.length - 1) / var)
          .as("lag 1 at %s", colour)
          .isCloseTo(colour, within(0.01));
    }
    // red noise puts its power at low frequencies: less above 25 Hz than white noise of the same SD
    DatasetProfile white = with(p -> p.noiseMv = 0.1);
    DatasetProfile red =
        with(
            p -> {
              p.noiseMv = 0.1;
              p.noiseColour = 0.9;
            });
    float[] a = leads(white, 3, Condition.NORM.bit())[LEAD_II];
    float[] b = leads(red, 3, Condition.NORM.bit())[LEAD_II];
    assertThat(bandPower(b, 25, 50)).isLessThan(0.25 * bandPower(a, 25, 50));
  }

  @Test
  void armReversalInvertsLeadOneAndSwapsTwoAndThree() {
    // both draw the reversal, so the records share their random stream
    DatasetProfile never = with(p -> p.armReversal = 1e-12);
    DatasetProfile always = with(p -> p.armReversal = 1.0);
    float[][] a = leads(never, 4, Condition.NORM.bit());
    float[][] b = leads(always, 4, Condition.NORM.bit());
    for (int j = 0; j < a[0].length; j++) {
      assertThat(b[0][j]).isEqualTo(-a[0][j]);
    }
    assertThat(b[1]).isEqualTo(a[2]);
    assertThat(b[2]).isEqualTo(a[1]);
    assertThat(b[3]).isEqualTo(a[4]);
    assertThat(b[4]).isEqualTo(a[3]);
    for (int l = 5; l < 12; l++) {
      assertThat(b[l]).isEqualTo(a[l]);
    }
  }

  @Test
  void electrodePlacementMovesOnlyThePrecordialLeads() {
    DatasetProfile fixed = quiet();
    DatasetProfile moved = with(p -> p.leadPlacementDeg = 20);
    int changed = 0;
    for (long i = 0; i < 10; i++) {
      float[][] a = leads(fixed, i, Condition.NORM.bit());
      float[][] b = leads(moved, i, Condition.NORM.bit());
      for (int l = 0; l < 6; l++) {
        assertThat(b[l]).isEqualTo(a[l]);
      }
      double diff = 0;
      double norm = 0;
      for (int l = 6; l < 12; l++) {
        for (int j = 0; j < a[l].length; j++) {
          diff += Math.abs(a[l][j] - b[l][j]);
          norm += Math.abs(a[l][j]);
        }
      }
      if (diff > 0.05 * norm) {
        changed++;
      }
    }
    assertThat(changed).isGreaterThanOrEqualTo(7);
  }

  @Test
  void femaleAndOlderPatientsHaveSmallerQrs() {
    DatasetProfile male = with(p -> p.femaleFraction = 0);
    DatasetProfile female = with(p -> p.femaleFraction = 1);
    DatasetProfile young = with(p -> p.ageMean = 30);
    DatasetProfile old = with(p -> p.ageMean = 80);
    double[] sex = new double[20];
    double[] age = new double[20];
    for (int i = 0; i < 20; i++) {
      sex[i] =
          EcgDetectors.detrendedPeakToPeak(leads(female, i, Condition.NORM.bit())[V5], 100)
              / EcgDetectors.detrendedPeakToPeak(leads(male, i, Condition.NORM.bit())[V5], 100);
      age[i] =
          frontalPeak(leads(old, i, Condition.NORM.bit()))
              / frontalPeak(leads(young, i, Condition.NORM.bit()));
    }
    Arrays.sort(sex);
    Arrays.sort(age);
    assertThat(sex[10]).as("female / male V5 voltage").isBetween(0.8, 0.95);
    assertThat(age[10]).as("80 / 30 years frontal QRS vector").isBetween(0.7, 0.92);
  }

  /**
   * The largest frontal-plane vector magnitude, {@code sqrt(I^2 + (2 aVF / sqrt 3)^2)} (the frontal
   * dipole, whatever its axis).
   */
  private static double frontalPeak(float[][] l) {
    int avf = CorpusSchema.LEADS.indexOf("aVF");
    double best = 0;
    for (int j = 0; j < l[0].length; j++) {
      double x = l[LEAD_I][j];
      double y = 2 * l[avf][j] / Math.sqrt(3);
      best = Math.max(best, Math.sqrt(x * x + y * y));
    }
    return best;
  }
}
