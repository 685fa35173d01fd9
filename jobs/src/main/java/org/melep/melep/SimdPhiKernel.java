package org.melep.melep;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The pass-2 kernel on whole vectors, with a logarithm built from operations the JIT compiles to
 * single instructions (the Vector API's own {@code lanewise(LOG)} is a scalar call per lane in JDK
 * 17). The only class that uses {@code jdk.incubator.vector}; {@link PhiKernels} loads it by name
 * when that module is present.
 *
 * <p>The logarithm is fdlibm's {@code e_log.c} on vectors: {@code x = 2^k * m} with {@code m} in
 * {@code [sqrt(1/2), sqrt(2))} by bit operations, {@code f = m - 1} (exact), {@code s = f / (2 +
 * f)}, {@code log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2)))} with a degree-7 polynomial R by fma,
 * and {@code k * ln 2} in two parts. Error below 1 ulp of the result (measured max 4e-16 relative
 * against {@code StrictMath.log}; tested to 1e-15), including arguments near 1 (where the result
 * is {@code f - f^2/2 + ...}, no cancellation) and tiny ones. Lanes that are zero, subnormal,
 * negative, infinite or NaN go through {@code Math.log} instead, so they give exactly what the
 * scalar kernel gives.
 */
final class SimdPhiKernel implements PhiKernel {
  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int L = S.length();

  private static final double LG1 = 6.666666666666735130e-01;
  private static final double LG2 = 3.999999999940941908e-01;
  private static final double LG3 = 2.857142874366239149e-01;
  private static final double LG4 = 2.222219843214978396e-01;
  private static final double LG5 = 1.818357216161805012e-01;
  private static final double LG6 = 1.531383769920937332e-01;
  private static final double LG7 = 1.479819860511658591e-01;
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  /** Bits of sqrt(1/2): {@code x - this} has the exponent k with m in [sqrt(1/2), sqrt(2)). */
  private static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL;
  private static final long EXPONENT_MASK = 0xFFF0000000000000L;
  /** 1.5 * 2^52: a small integer added to its bits reads back as that integer plus this. */
  private static final long MAGIC_BITS = 0x4338000000000000L;
  private static final double MAGIC = 6755399441055744.0;
  private static final long MIN_NORMAL_BITS = 0x0010000000000000L;
  private static final long INFINITY_BITS = 0x7FF0000000000000L;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Per-thread buffers: the record's theta and 1 - theta padded to whole vectors, and its terms. */
  private static final class Scratch {
    double[] on = new double[0];
    double[] off = new double[0];
    double[] args = new double[0];
    double[] complements = new double[0];
    final double[] lanes = new double[L];

    void fit(int zn, int cells) {
      if (on.length < zn + L) {
        on = new double[zn + L];
        off = new double[zn + L];
        java.util.Arrays.fill(off, 1.0);
      }
      if (args.length < cells + L) {
        args = new double[cells + L];
        complements = new double[cells + L];
      }
    }
  }

  SimdPhiKernel() {
    if (L > ConditionalTable.PADDING) {
      throw new IllegalStateException("Cannot use vectors of " + L + " doubles: tables are padded for " + ConditionalTable.PADDING);
    }
  }

  @Override
  public void add(
      double[] sums, ConditionalTable table, double[] theta, int offset, int[] positives, int from, int count) {
    final int yn = table.targetLabels();
    final int zn = table.sourceLabels();
    final int cells = yn * zn;
    Scratch scratch = SCRATCH.get();
    scratch.fit(zn, cells);
    final double[] on = scratch.on;
    final double[] off = scratch.off;
    final double[] args = scratch.args;
    final double[] complements = scratch.complements;
    for (int z = 0; z < zn; z++) {
      double x = theta[offset + z];
      on[z] = x;
      off[z] = 1.0 - x;
    }
    // the likelihood arguments a of every (y, z) and their complements q = 1 - a, each as two
    // non-negative terms (q with the other target value), whole vectors per y; lanes past Z are
    // overwritten by the next y, or are padding (P(t|0) = 1, 1 - theta = 1: a = 1, q = 1)
    final int end = from + count;
    int next = from;
    for (int y = 0; y < yn; y++) {
      int t = 0;
      if (next < end && positives[next] == y) {
        t = 1;
        next++;
      }
      final double[] aOff = table.givenOff(t);
      final double[] aOn = table.givenOn(t);
      final double[] qOff = table.givenOff(1 - t);
      final double[] qOn = table.givenOn(1 - t);
      final int row = y * zn;
      for (int z = 0; z < zn; z += L) {
        DoubleVector vOff = DoubleVector.fromArray(S, off, z);
        DoubleVector vOn = DoubleVector.fromArray(S, on, z);
        DoubleVector a = DoubleVector.fromArray(S, aOff, row + z).mul(vOff);
        DoubleVector.fromArray(S, aOn, row + z).fma(vOn, a).intoArray(args, row + z);
        DoubleVector q = DoubleVector.fromArray(S, qOff, row + z).mul(vOff);
        DoubleVector.fromArray(S, qOn, row + z).fma(vOn, q).intoArray(complements, row + z);
      }
    }
    int k = 0;
    for (; k + L <= cells; k += L) {
      DoubleVector term = logLikelihood(DoubleVector.fromArray(S, args, k), DoubleVector.fromArray(S, complements, k));
      DoubleVector.fromArray(S, sums, k).add(term).intoArray(sums, k);
    }
    if (k < cells) {
      // lanes past the last cell: a = 1, q = 0 (log 1), whatever the rows left there
      java.util.Arrays.fill(args, cells, k + L, 1.0);
      java.util.Arrays.fill(complements, cells, k + L, 0.0);
      double[] lanes = scratch.lanes;
      logLikelihood(DoubleVector.fromArray(S, args, k), DoubleVector.fromArray(S, complements, k)).intoArray(lanes, 0);
      for (int j = 0; k + j < cells; j++) {
        sums[k + j] += lanes[j];
      }
    }
  }

  @Override
  public String name() {
    return "simd";
  }

  /**
   * {@code log(a)} of every lane, given {@code q = 1 - a} computed separately: where {@code a >=
   * sqrt(1/2)} the result is {@code log1p(-q)} from the accurate {@code q} (an argument near 1
   * rounds to a few ulps of 1, which alone would cost the term its relative precision), elsewhere
   * {@code log(a)}. What {@link ScalarPhiKernel} computes, to an ulp.
   */
  static DoubleVector logLikelihood(DoubleVector a, DoubleVector q) {
    LongVector bits = a.reinterpretAsLongs();
    if (unusual(bits)) {
      double[] av = a.toArray();
      double[] qv = q.toArray();
      for (int j = 0; j < av.length; j++) {
        av[j] = ScalarPhiKernel.logLikelihood(av[j], qv[j]);
      }
      return DoubleVector.fromArray(S, av, 0);
    }
    VectorMask<Double> nearOne = a.compare(VectorOperators.GE, ScalarPhiKernel.SQRT_HALF);
    LongVector shifted = bits.sub(SQRT_HALF_BITS);
    DoubleVector m = bits.sub(shifted.and(EXPONENT_MASK)).reinterpretAsDoubles();
    DoubleVector kd = shifted.lanewise(VectorOperators.ASHR, 52).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
    DoubleVector f = m.sub(1.0).blend(q.neg(), nearOne);
    kd = kd.blend(0.0, nearOne);
    return core(f, kd);
  }

  /** The natural logarithm of every lane (see the class comment for the method and its error). */
  static DoubleVector log(DoubleVector x) {
    LongVector bits = x.reinterpretAsLongs();
    if (unusual(bits)) {
      double[] v = x.toArray();
      for (int j = 0; j < v.length; j++) {
        v[j] = Math.log(v[j]);
      }
      return DoubleVector.fromArray(S, v, 0);
    }
    LongVector shifted = bits.sub(SQRT_HALF_BITS);
    DoubleVector m = bits.sub(shifted.and(EXPONENT_MASK)).reinterpretAsDoubles();
    DoubleVector kd = shifted.lanewise(VectorOperators.ASHR, 52).add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
    return core(m.sub(1.0), kd);
  }

  /** Zero, subnormal, negative, infinite or NaN lanes (bits outside the positive normal range). */
  private static boolean unusual(LongVector bits) {
    return bits.compare(VectorOperators.LT, MIN_NORMAL_BITS).or(bits.compare(VectorOperators.GE, INFINITY_BITS)).anyTrue();
  }

  /** {@code k ln 2 + log(1 + f)} for f in [sqrt(1/2) - 1, sqrt(2) - 1] (fdlibm's e_log.c). */
  private static DoubleVector core(DoubleVector f, DoubleVector kd) {
    DoubleVector s = f.div(f.add(2.0));
    DoubleVector z = s.mul(s);
    DoubleVector r =
        z.fma(c(LG7), c(LG6)).fma(z, c(LG5)).fma(z, c(LG4)).fma(z, c(LG3)).fma(z, c(LG2)).fma(z, c(LG1)).mul(z);
    DoubleVector hfsq = f.mul(f).mul(0.5);
    // k*ln2_hi - ((hfsq - (s*(hfsq + R) + k*ln2_lo)) - f)
    DoubleVector inner = s.fma(hfsq.add(r), kd.mul(LN2_LO));
    return kd.fma(c(LN2_HI), f.sub(hfsq.sub(inner)));
  }

  private static DoubleVector c(double v) {
    return DoubleVector.broadcast(S, v);
  }

  /** {@code out[i] = log(in[i])} for whole vectors and a scalar tail (tests and benchmarks). */
  static void log(double[] in, double[] out, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      log(DoubleVector.fromArray(S, in, i)).intoArray(out, i);
    }
    for (; i < n; i++) {
      out[i] = Math.log(in[i]);
    }
  }
}
