package org.melep.corpus.preprocess;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited resampling by a Kaiser-windowed sinc low-pass filter, evaluated polyphase: for
 * rational rate ratios (integer rates: 500 to 100, 1000 to 100, 257 to 100) the filter taps of each
 * of the L output phases are computed once and reused, so each output sample costs one dot product
 * of about {@code 2 * zeroCrossings * fsIn / cutoff} taps.
 *
 * <p>The cutoff is {@code rolloff * min(fsIn, fsOut) / 2} (default 0.9: 45 Hz for 100 Hz output),
 * so content above the new Nyquist frequency is removed before it can alias; each phase's taps are
 * normalised to sum to 1 (DC gain exactly 1). Samples beyond either end of the input are taken as
 * the nearest end sample, so a record's offset does not ring at its edges.
 */
public final class FirResampler implements Resampler {
  /** Phases precomputed up to this many; larger ratios (odd rates) compute taps per sample. */
  private static final int MAX_TABLE_PHASES = 4096;

  private final double rolloff;
  private final int zeroCrossings;
  private final double beta;
  private final ConcurrentHashMap<Long, double[][]> tables = new ConcurrentHashMap<>();

  /** The default filter: rolloff 0.9, 24 zero crossings each side, Kaiser beta 8 (about -80 dB). */
  public FirResampler() {
    this(0.9, 24, 8.0);
  }

  public FirResampler(double rolloff, int zeroCrossings, double beta) {
    if (!(rolloff > 0 && rolloff <= 1)) {
      throw new IllegalArgumentException(
          "Cannot build resampler: rolloff must be in (0, 1]: " + rolloff);
    }
    if (zeroCrossings < 1) {
      throw new IllegalArgumentException(
          "Cannot build resampler: zero crossings must be positive: " + zeroCrossings);
    }
    this.rolloff = rolloff;
    this.zeroCrossings = zeroCrossings;
    this.beta = beta;
  }

  @Override
  public float[] resample(float[] x, double fsIn, double fsOut, int nOut) {
    if (!(fsIn > 0) || !(fsOut > 0)) {
      throw new PreprocessException(
          "Cannot resample: rates must be positive: " + fsIn + " Hz to " + fsOut + " Hz");
    }
    if (x.length == 0) {
      throw new PreprocessException("Cannot resample: empty signal");
    }
    float[] y = new float[nOut];
    if (fsIn == fsOut) {
      for (int n = 0; n < nOut; n++) {
        y[n] = x[Math.min(n, x.length - 1)];
      }
      return y;
    }
    // normalised cutoff in cycles per input sample, and the half-width in input samples
    double wc = rolloff * 0.5 * Math.min(fsIn, fsOut) / fsIn;
    double halfWidth = zeroCrossings / (2 * wc);
    int h = (int) Math.ceil(halfWidth);
    long[] lm = rationalRatio(fsIn, fsOut);
    if (lm != null && lm[0] <= MAX_TABLE_PHASES) {
      int l = (int) lm[0];
      long m = lm[1];
      double[][] table =
          tables.computeIfAbsent((lm[0] << 32) | lm[1], k -> buildTable(l, wc, halfWidth, h));
      for (int n = 0; n < nOut; n++) {
        long num = n * m;
        long base = num / l;
        int phase = (int) (num % l);
        y[n] = dot(x, base, table[phase], h);
      }
    } else {
      double ratio = fsIn / fsOut;
      double[] taps = new double[2 * h];
      for (int n = 0; n < nOut; n++) {
        double t = n * ratio;
        long base = (long) Math.floor(t);
        fillTaps(taps, t - base, wc, halfWidth, h);
        y[n] = dot(x, base, taps, h);
      }
    }
    return y;
  }

  /** {@code {L, M}} with fsOut / fsIn = L / M in lowest terms, or null for non-integer rates. */
  static long[] rationalRatio(double fsIn, double fsOut) {
    long a = Math.round(fsIn);
    long b = Math.round(fsOut);
    if (Math.abs(a - fsIn) > 1e-9
        || Math.abs(b - fsOut) > 1e-9
        || a > 10_000_000
        || b > 10_000_000) {
      return null;
    }
    long g = gcd(a, b);
    return new long[] {b / g, a / g};
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private double[][] buildTable(int l, double wc, double halfWidth, int h) {
    double[][] table = new double[l][2 * h];
    for (int p = 0; p < l; p++) {
      fillTaps(table[p], (double) p / l, wc, halfWidth, h);
    }
    return table;
  }

  /** Taps for inputs base-h+1 .. base+h around time base+frac, normalised to sum 1. */
  private void fillTaps(double[] taps, double frac, double wc, double halfWidth, int h) {
    double sum = 0;
    for (int i = 0; i < 2 * h; i++) {
      double tau = frac - (i - h + 1); // distance from input sample base-h+1+i
      double v = 0;
      if (Math.abs(tau) < halfWidth) {
        v = 2 * wc * sinc(2 * wc * tau) * kaiser(tau / halfWidth);
      }
      taps[i] = v;
      sum += v;
    }
    for (int i = 0; i < taps.length; i++) {
      taps[i] /= sum;
    }
  }

  private static float dot(float[] x, long base, double[] taps, int h) {
    long start = base - h + 1;
    int last = x.length - 1;
    if (start >= 0 && start + taps.length - 1 <= last) {
      // four independent sums: lets the JIT pipeline the multiply-adds
      int s = (int) start;
      double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      int n = taps.length;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        a0 += taps[i] * x[s + i];
        a1 += taps[i + 1] * x[s + i + 1];
        a2 += taps[i + 2] * x[s + i + 2];
        a3 += taps[i + 3] * x[s + i + 3];
      }
      for (; i < n; i++) {
        a0 += taps[i] * x[s + i];
      }
      return (float) ((a0 + a1) + (a2 + a3));
    }
    double acc = 0;
    {
      for (int i = 0; i < taps.length; i++) {
        long idx = start + i;
        float v = idx < 0 ? x[0] : idx > last ? x[last] : x[(int) idx];
        acc += taps[i] * v;
      }
    }
    return (float) acc;
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  private double kaiser(double r) {
    double a = 1 - r * r;
    if (a <= 0) {
      return 0;
    }
    return besselI0(beta * Math.sqrt(a)) / besselI0(beta);
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 60; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return sum;
  }
}
