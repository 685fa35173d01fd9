package org.melep.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Simple, independent ECG measurements used to check that labels drive the signal. */
final class EcgDetectors {
  private EcgDetectors() {}

  /** QRS energy: sum over leads of the squared central difference. */
  static double[] energy(float[][] leads) {
    int n = leads[0].length;
    double[] e = new double[n];
    for (float[] lead : leads) {
      for (int j = 1; j < n - 1; j++) {
        double d = lead[j + 1] - lead[j - 1];
        e[j] += d * d;
      }
    }
    return e;
  }

  /** Spatial velocity: sum over leads of the absolute central difference. */
  static double[] velocity(float[][] leads) {
    int n = leads[0].length;
    double[] v = new double[n];
    for (float[] lead : leads) {
      for (int j = 1; j < n - 1; j++) {
        v[j] += Math.abs(lead[j + 1] - lead[j - 1]);
      }
    }
    return v;
  }

  /**
   * R-peak sample indices: local maxima of the spatial velocity above 30% of its 98th percentile,
   * at least 250 ms apart.
   */
  static int[] rPeaks(float[][] leads, double fs) {
    double[] e = velocity(leads);
    double[] sorted = e.clone();
    Arrays.sort(sorted);
    double threshold = 0.3 * sorted[(int) (0.98 * (sorted.length - 1))];
    int refractory = (int) Math.round(0.25 * fs);
    List<Integer> peaks = new ArrayList<>();
    int j = 1;
    while (j < e.length - 1) {
      if (e[j] > threshold) {
        int best = j;
        int end = Math.min(e.length - 1, j + refractory);
        for (int k = j; k < end; k++) {
          if (e[k] > e[best]) {
            best = k;
          }
        }
        peaks.add(best);
        j = best + refractory;
      } else {
        j++;
      }
    }
    return peaks.stream().mapToInt(Integer::intValue).toArray();
  }

  static double[] rrIntervals(int[] peaks, double fs) {
    double[] rr = new double[Math.max(0, peaks.length - 1)];
    for (int i = 1; i < peaks.length; i++) {
      rr[i - 1] = (peaks[i] - peaks[i - 1]) / fs;
    }
    return rr;
  }

  static double heartRate(float[][] leads, double fs) {
    double[] rr = rrIntervals(rPeaks(leads, fs), fs);
    Arrays.sort(rr);
    return 60.0 / rr[rr.length / 2];
  }

  /** Coefficient of variation of successive RR intervals. */
  static double rrVariation(float[][] leads, double fs) {
    double[] rr = rrIntervals(rPeaks(leads, fs), fs);
    double mean = Arrays.stream(rr).average().orElse(Double.NaN);
    double var = Arrays.stream(rr).map(x -> (x - mean) * (x - mean)).average().orElse(Double.NaN);
    return Math.sqrt(var) / mean;
  }

  /**
   * Median QRS duration (s): around each R peak, the span over which the spatial velocity stays
   * above 20% of the beat's peak velocity (dips of up to 40 ms bridged: a bundle branch block's
   * notch).
   */
  static double qrsWidth(float[][] leads, double fs) {
    double[] e = velocity(leads);
    int[] peaks = rPeaks(leads, fs);
    List<Double> widths = new ArrayList<>();
    int max = (int) Math.round(0.15 * fs);
    for (int p : peaks) {
      if (p < max || p >= e.length - max) {
        continue;
      }
      int peak = p;
      for (int k = p - 2; k <= p + 2; k++) {
        if (e[k] > e[peak]) {
          peak = k;
        }
      }
      double level = 0.2 * e[peak];
      int lo = p;
      while (lo > p - max && anyAbove(e, lo - BRIDGE, lo - 1, level)) {
        lo--;
      }
      int hi = p;
      while (hi < p + max && anyAbove(e, hi + 1, hi + BRIDGE, level)) {
        hi++;
      }
      widths.add((hi - lo + 1) / fs);
    }
    double[] w = widths.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return w[w.length / 2];
  }

  private static final int BRIDGE = 5;

  private static boolean anyAbove(double[] e, int from, int to, double level) {
    for (int k = Math.max(0, from); k <= Math.min(e.length - 1, to); k++) {
      if (e[k] > level) {
        return true;
      }
    }
    return false;
  }

  /**
   * P-to-R interval (s) of lead {@code lead}: the beats are averaged aligned on their R peaks and
   * the P wave is the largest deflection from the template's baseline 80-400 ms before R.
   */
  static double pToR(float[][] leads, int lead, double fs) {
    int[] peaks = rPeaks(leads, fs);
    int before = (int) Math.round(0.45 * fs);
    double[] template = new double[before + 1];
    int used = 0;
    for (int p : peaks) {
      if (p - before < 0) {
        continue;
      }
      for (int k = 0; k <= before; k++) {
        template[k] += leads[lead][p - before + k];
      }
      used++;
    }
    double baseline = template[0] / used;
    int best = -1;
    double bestDev = -1;
    for (int k = 0; k <= before - (int) Math.round(0.08 * fs); k++) {
      double dev = Math.abs(template[k] / used - baseline);
      if (k >= (int) Math.round(0.05 * fs) && dev > bestDev) {
        bestDev = dev;
        best = k;
      }
    }
    return (before - best) / fs;
  }

  /** Beats that come earlier than 80% of the median RR. */
  static int prematureBeats(float[][] leads, double fs) {
    double[] rr = rrIntervals(rPeaks(leads, fs), fs);
    double[] sorted = rr.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    int n = 0;
    for (double x : rr) {
      if (x < 0.8 * median) {
        n++;
      }
    }
    return n;
  }

  /** Median peak-to-peak amplitude (mV) of a lead. */
  static double peakToPeak(float[] lead) {
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float v : lead) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  }

  /**
   * Peak-to-peak after removing the baseline (a centred 0.6 s moving mean), so slow wander of the
   * recording does not count as voltage.
   */
  static double detrendedPeakToPeak(float[] lead, double fs) {
    int half = (int) Math.round(0.3 * fs);
    int n = lead.length;
    double[] prefix = new double[n + 1];
    for (int j = 0; j < n; j++) {
      prefix[j + 1] = prefix[j] + lead[j];
    }
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (int j = 0; j < n; j++) {
      int a = Math.max(0, j - half);
      int b = Math.min(n, j + half + 1);
      double v = lead[j] - (prefix[b] - prefix[a]) / (b - a);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi - lo;
  }
}
