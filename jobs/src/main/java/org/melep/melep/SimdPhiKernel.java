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
 * and {@code k * ln 2} in two parts. Error at most 1 ulp (2.2e-16 relative) against {@code
 * StrictMath.log}, measured over 2^20 arguments each of (0, 1), 1 +- 1e-1..1e-15, 1e-300..1, around
 * sqrt(1/2) and e^-20..e^20 (tested to 1e-15). Near 1 the kernel takes {@code f = -q} from the
 * separately computed complement (see {@link #terms}).
 *
 * <p>Loop shapes: for Z of at least one vector, {@link #fusedRecords} (four records, one logarithm
 * of the product of their arguments per (y, z), {@code PhiSums} hands records over in fours) and
 * {@link #fused} (one record); they clamp an argument below the smallest normal double without a
 * branch and fix those terms up afterwards ({@link #fixTiny}). For Z below one vector, {@link
 * #blocked}: the record's arguments into a scratch array, then {@link #terms}, where lanes that are
 * zero, subnormal, negative, infinite or NaN go through the scalar path, so they give what {@code
 * Math.log} gives.
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
  private static final double SQRT_HALF = 0.7071067811865476;
  private static final double SQRT_TWO = 1.4142135623730951;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * Per-thread buffers: the record's theta and 1 - theta padded to whole vectors, and its terms.
   */
  private static final class Scratch {
    double[] on = new double[0];
    double[] off = new double[0];
    double[] args = new double[0];
    double[] complements = new double[0];

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
      throw new IllegalStateException(
          "Cannot use vectors of "
              + L
              + " doubles: tables are padded for "
              + ConditionalTable.PADDING);
    }
  }

  @Override
  public void add(
      double[] sums,
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positives,
      int from,
      int count) {
    if (table.sourceLabels() >= L) {
      fused(sums, table, theta, offset, positives, from, count);
    } else {
      blocked(sums, table, theta, offset, positives, from, count);
    }
  }

  /**
   * Z at least one vector: per y, the likelihood arguments, their complements, the logarithm and
   * the sums, in registers, vector by vector along z. A row's last partial vector is read shifted
   * back to end at Z (its lanes already done are masked to a term of 0), so nothing is read or
   * written past a row: no padding, no scratch copy.
   *
   * <p>One method with the logarithm written out, on purpose: C2 keeps vectors in registers only
   * within one compiled method, and a helper taking or returning vectors may not be inlined (then
   * every vector is boxed, 10x slower).
   */
  static void fused(
      double[] sums,
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positives,
      int from,
      int count) {
    final int yn = table.targetLabels();
    final int zn = table.sourceLabels();
    final DoubleVector lg1 = DoubleVector.broadcast(S, LG1);
    final DoubleVector lg2 = DoubleVector.broadcast(S, LG2);
    final DoubleVector lg3 = DoubleVector.broadcast(S, LG3);
    final DoubleVector lg4 = DoubleVector.broadcast(S, LG4);
    final DoubleVector lg5 = DoubleVector.broadcast(S, LG5);
    final DoubleVector lg6 = DoubleVector.broadcast(S, LG6);
    final DoubleVector lg7 = DoubleVector.broadcast(S, LG7);
    final DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    final DoubleVector two = DoubleVector.broadcast(S, 2.0);
    final DoubleVector half = DoubleVector.broadcast(S, 0.5);
    final DoubleVector one = DoubleVector.broadcast(S, 1.0);
    final DoubleVector magic = DoubleVector.broadcast(S, MAGIC);
    final DoubleVector zero = DoubleVector.zero(S);
    final DoubleVector lane = DoubleVector.fromArray(S, LANES, 0);
    final DoubleVector tiny = DoubleVector.broadcast(S, Double.MIN_NORMAL);
    boolean unusual = false; // a lane below the smallest normal double, or NaN (fixTiny)
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
        final int at = Math.min(z, zn - L); // the last vector ends at Z
        final int k = row + at;
        DoubleVector on = DoubleVector.fromArray(S, theta, offset + at);
        DoubleVector off = one.sub(on);
        DoubleVector x =
            DoubleVector.fromArray(S, aOn, k).fma(on, DoubleVector.fromArray(S, aOff, k).mul(off));
        DoubleVector q =
            DoubleVector.fromArray(S, qOn, k).fma(on, DoubleVector.fromArray(S, qOff, k).mul(off));
        VectorMask<Double> fresh = lane.compare(VectorOperators.GE, (double) (z - at));
        // no branch here: a vector live across a merge point would be boxed (10x slower)
        unusual |= x.compare(VectorOperators.GE, Double.MIN_NORMAL).not().anyTrue();
        x = x.max(tiny);
        LongVector bits = x.reinterpretAsLongs();
        VectorMask<Double> nearOne =
            x.compare(VectorOperators.GE, SQRT_HALF).and(x.compare(VectorOperators.LT, SQRT_TWO));
        LongVector shifted = bits.sub(SQRT_HALF_BITS);
        DoubleVector m = bits.sub(shifted.and(EXPONENT_MASK)).reinterpretAsDoubles();
        DoubleVector kd =
            shifted
                .lanewise(VectorOperators.ASHR, 52)
                .add(MAGIC_BITS)
                .reinterpretAsDoubles()
                .sub(magic);
        DoubleVector f = m.sub(one).blend(q.neg(), nearOne);
        kd = kd.blend(zero, nearOne);
        // fdlibm e_log.c: k*ln2_hi - ((hfsq - (s*(hfsq + R(s^2)) + k*ln2_lo)) - f), s = f/(2+f)
        DoubleVector s = f.div(f.add(two));
        DoubleVector zz = s.mul(s);
        DoubleVector r =
            zz.fma(lg7, lg6)
                .fma(zz, lg5)
                .fma(zz, lg4)
                .fma(zz, lg3)
                .fma(zz, lg2)
                .fma(zz, lg1)
                .mul(zz);
        DoubleVector hfsq = f.mul(f).mul(half);
        DoubleVector inner = s.fma(hfsq.add(r), kd.mul(LN2_LO));
        DoubleVector term = kd.fma(ln2Hi, f.sub(hfsq.sub(inner)));
        zero.blend(term, fresh).add(DoubleVector.fromArray(S, sums, k)).intoArray(sums, k);
      }
    }
    if (unusual) {
      fixTiny(
          sums,
          table,
          theta,
          new int[] {offset},
          positives,
          new int[] {from},
          new int[] {count},
          1);
    }
  }

  @Override
  public void addRecords(
      double[] sums, ConditionalTable table, double[] theta, int[] positives, int[] counts, int r) {
    if (r == RECORDS && table.sourceLabels() >= L) {
      fusedRecords(sums, table, theta, positives, counts);
    } else {
      PhiKernel.super.addRecords(sums, table, theta, positives, counts, r);
    }
  }

  @Override
  public int batch(ConditionalTable table) {
    return table.sourceLabels() >= L ? RECORDS : 1;
  }

  /** Records per logarithm in {@link #fusedRecords}. */
  static final int RECORDS = 4;

  /**
   * {@value #RECORDS} records at once, one logarithm per (y, z): of the product {@code a = a0 a1 a2
   * a3} of their arguments, whose complement {@code 1 - a} comes from theirs without cancellation
   * ({@code 1 - (1 - p)(1 - q) = p + q - pq}, by fma, twice), so near 1 the logarithm keeps its
   * relative precision as for one record. The product of four arguments of at least {@code 1/(2n)}
   * each stays a normal double for any n below 10^76; an unusual product lane (zero, subnormal)
   * falls back to one scalar term per record. Otherwise as {@link #fused}.
   */
  static void fusedRecords(
      double[] sums, ConditionalTable table, double[] theta, int[] positives, int[] counts) {
    final int yn = table.targetLabels();
    final int zn = table.sourceLabels();
    final DoubleVector lg1 = DoubleVector.broadcast(S, LG1);
    final DoubleVector lg2 = DoubleVector.broadcast(S, LG2);
    final DoubleVector lg3 = DoubleVector.broadcast(S, LG3);
    final DoubleVector lg4 = DoubleVector.broadcast(S, LG4);
    final DoubleVector lg5 = DoubleVector.broadcast(S, LG5);
    final DoubleVector lg6 = DoubleVector.broadcast(S, LG6);
    final DoubleVector lg7 = DoubleVector.broadcast(S, LG7);
    final DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    final DoubleVector two = DoubleVector.broadcast(S, 2.0);
    final DoubleVector half = DoubleVector.broadcast(S, 0.5);
    final DoubleVector one = DoubleVector.broadcast(S, 1.0);
    final DoubleVector magic = DoubleVector.broadcast(S, MAGIC);
    final DoubleVector zero = DoubleVector.zero(S);
    final DoubleVector lane = DoubleVector.fromArray(S, LANES, 0);
    final DoubleVector tiny = DoubleVector.broadcast(S, Double.MIN_NORMAL);
    boolean unusual = false; // a lane below the smallest normal double, or NaN (fixTiny)
    final int o1 = zn;
    final int o2 = 2 * zn;
    final int o3 = 3 * zn;
    final int end0 = counts[0];
    final int end1 = yn + counts[1];
    final int end2 = 2 * yn + counts[2];
    final int end3 = 3 * yn + counts[3];
    int next0 = 0;
    int next1 = yn;
    int next2 = 2 * yn;
    int next3 = 3 * yn;
    for (int y = 0; y < yn; y++) {
      int t0 = 0;
      if (next0 < end0 && positives[next0] == y) {
        t0 = 1;
        next0++;
      }
      int t1 = 0;
      if (next1 < end1 && positives[next1] == y) {
        t1 = 1;
        next1++;
      }
      int t2 = 0;
      if (next2 < end2 && positives[next2] == y) {
        t2 = 1;
        next2++;
      }
      int t3 = 0;
      if (next3 < end3 && positives[next3] == y) {
        t3 = 1;
        next3++;
      }
      final double[] aOff0 = table.givenOff(t0);
      final double[] aOn0 = table.givenOn(t0);
      final double[] qOff0 = table.givenOff(1 - t0);
      final double[] qOn0 = table.givenOn(1 - t0);
      final double[] aOff1 = table.givenOff(t1);
      final double[] aOn1 = table.givenOn(t1);
      final double[] qOff1 = table.givenOff(1 - t1);
      final double[] qOn1 = table.givenOn(1 - t1);
      final double[] aOff2 = table.givenOff(t2);
      final double[] aOn2 = table.givenOn(t2);
      final double[] qOff2 = table.givenOff(1 - t2);
      final double[] qOn2 = table.givenOn(1 - t2);
      final double[] aOff3 = table.givenOff(t3);
      final double[] aOn3 = table.givenOn(t3);
      final double[] qOff3 = table.givenOff(1 - t3);
      final double[] qOn3 = table.givenOn(1 - t3);
      final int row = y * zn;
      for (int z = 0; z < zn; z += L) {
        final int at = Math.min(z, zn - L); // the last vector ends at Z
        final int k = row + at;
        DoubleVector on = DoubleVector.fromArray(S, theta, at);
        DoubleVector off = one.sub(on);
        DoubleVector x =
            DoubleVector.fromArray(S, aOn0, k)
                .fma(on, DoubleVector.fromArray(S, aOff0, k).mul(off));
        DoubleVector p =
            DoubleVector.fromArray(S, qOn0, k)
                .fma(on, DoubleVector.fromArray(S, qOff0, k).mul(off));
        on = DoubleVector.fromArray(S, theta, o1 + at);
        off = one.sub(on);
        DoubleVector x1 =
            DoubleVector.fromArray(S, aOn1, k)
                .fma(on, DoubleVector.fromArray(S, aOff1, k).mul(off));
        DoubleVector p1 =
            DoubleVector.fromArray(S, qOn1, k)
                .fma(on, DoubleVector.fromArray(S, qOff1, k).mul(off));
        on = DoubleVector.fromArray(S, theta, o2 + at);
        off = one.sub(on);
        DoubleVector x2 =
            DoubleVector.fromArray(S, aOn2, k)
                .fma(on, DoubleVector.fromArray(S, aOff2, k).mul(off));
        DoubleVector p2 =
            DoubleVector.fromArray(S, qOn2, k)
                .fma(on, DoubleVector.fromArray(S, qOff2, k).mul(off));
        on = DoubleVector.fromArray(S, theta, o3 + at);
        off = one.sub(on);
        DoubleVector x3 =
            DoubleVector.fromArray(S, aOn3, k)
                .fma(on, DoubleVector.fromArray(S, aOff3, k).mul(off));
        DoubleVector p3 =
            DoubleVector.fromArray(S, qOn3, k)
                .fma(on, DoubleVector.fromArray(S, qOff3, k).mul(off));
        x = x.mul(x1).mul(x2.mul(x3));
        // 1 - (1 - p)(1 - p1) = p + p1 - p p1, pairwise
        p = p.neg().fma(p1, p.add(p1));
        p2 = p2.neg().fma(p3, p2.add(p3));
        DoubleVector q = p.neg().fma(p2, p.add(p2));
        VectorMask<Double> fresh = lane.compare(VectorOperators.GE, (double) (z - at));
        // no branch here: a vector live across a merge point would be boxed (10x slower)
        unusual |= x.compare(VectorOperators.GE, Double.MIN_NORMAL).not().anyTrue();
        x = x.max(tiny);
        LongVector bits = x.reinterpretAsLongs();
        VectorMask<Double> nearOne =
            x.compare(VectorOperators.GE, SQRT_HALF).and(x.compare(VectorOperators.LT, SQRT_TWO));
        LongVector shifted = bits.sub(SQRT_HALF_BITS);
        DoubleVector m = bits.sub(shifted.and(EXPONENT_MASK)).reinterpretAsDoubles();
        DoubleVector kd =
            shifted
                .lanewise(VectorOperators.ASHR, 52)
                .add(MAGIC_BITS)
                .reinterpretAsDoubles()
                .sub(magic);
        DoubleVector f = m.sub(one).blend(q.neg(), nearOne);
        kd = kd.blend(zero, nearOne);
        DoubleVector s = f.div(f.add(two));
        DoubleVector zz = s.mul(s);
        DoubleVector r =
            zz.fma(lg7, lg6)
                .fma(zz, lg5)
                .fma(zz, lg4)
                .fma(zz, lg3)
                .fma(zz, lg2)
                .fma(zz, lg1)
                .mul(zz);
        DoubleVector hfsq = f.mul(f).mul(half);
        DoubleVector inner = s.fma(hfsq.add(r), kd.mul(LN2_LO));
        DoubleVector term = kd.fma(ln2Hi, f.sub(hfsq.sub(inner)));
        zero.blend(term, fresh).add(DoubleVector.fromArray(S, sums, k)).intoArray(sums, k);
      }
    }
    if (unusual) {
      fixTiny(
          sums,
          table,
          theta,
          new int[] {0, o1, o2, o3},
          positives,
          new int[] {0, yn, 2 * yn, 3 * yn},
          counts,
          RECORDS);
    }
  }

  /**
   * The rare case of {@link #fused} and {@link #fusedRecords}: an argument (product) below the
   * smallest normal double (or NaN), which the vector loop clamped to {@code Double.MIN_NORMAL}
   * (its logarithm {@link #LOG_TINY}) so that it needs no branch. Recomputes every (y, z) argument
   * exactly as the loop did and, where it was clamped, replaces {@link #LOG_TINY} by the scalar
   * terms of each record.
   */
  private static void fixTiny(
      double[] sums,
      ConditionalTable table,
      double[] theta,
      int[] offsets,
      int[] positives,
      int[] froms,
      int[] counts,
      int r) {
    final int yn = table.targetLabels();
    final int zn = table.sourceLabels();
    int[] next = froms.clone();
    int[] t = new int[r];
    double[] a = new double[r];
    double[] q = new double[r];
    for (int y = 0; y < yn; y++) {
      for (int j = 0; j < r; j++) {
        t[j] = 0;
        if (next[j] < froms[j] + counts[j] && positives[next[j]] == y) {
          t[j] = 1;
          next[j]++;
        }
      }
      for (int z = 0; z < zn; z++) {
        int k = y * zn + z;
        for (int j = 0; j < r; j++) {
          double x = theta[offsets[j] + z];
          a[j] = Math.fma(table.givenOn(t[j])[k], x, table.givenOff(t[j])[k] * (1.0 - x));
          q[j] = table.givenOff(1 - t[j])[k] * (1.0 - x) + table.givenOn(1 - t[j])[k] * x;
        }
        double product = r == 1 ? a[0] : (a[0] * a[1]) * (a[2] * a[3]);
        if (!(product >= Double.MIN_NORMAL)) {
          double exact = 0;
          for (int j = 0; j < r; j++) {
            exact += scalarTerm(a[j], q[j]);
          }
          sums[k] += exact - LOG_TINY;
        }
      }
    }
  }

  /**
   * The terms {@code from <= j < to} (indices of the Y x Z sums) of one record with target value t,
   * theta at {@code theta[thetaBase + j]}, one scalar logarithm each: the path for unusual lanes.
   */
  private static void scalarLanes(
      double[] sums,
      ConditionalTable table,
      int t,
      double[] theta,
      int thetaBase,
      int from,
      int to) {
    final double[] aOff = table.givenOff(t);
    final double[] aOn = table.givenOn(t);
    final double[] qOff = table.givenOff(1 - t);
    final double[] qOn = table.givenOn(1 - t);
    for (int j = from; j < to; j++) {
      double x = theta[thetaBase + j];
      sums[j] += scalarTerm(aOff[j] * (1.0 - x) + aOn[j] * x, qOff[j] * (1.0 - x) + qOn[j] * x);
    }
  }

  private static double lowest(double[] values) {
    double m = values[0];
    for (double v : values) {
      m = v < m || v != v ? v : m;
    }
    return m;
  }

  /** What the vector logarithm gives for {@code Double.MIN_NORMAL} (see {@link #fixTiny}). */
  static final double LOG_TINY;

  static {
    double[] in = new double[L];
    java.util.Arrays.fill(in, Double.MIN_NORMAL);
    double[] out = new double[L];
    terms(in, new double[L], out, L, false);
    LOG_TINY = out[0];
  }

  /** Lane j of the {@code fused} loop: {@code j}. */
  private static final double[] LANES = new double[L];

  static {
    for (int j = 0; j < L; j++) {
      LANES[j] = j;
    }
  }

  /**
   * Z below one vector: the arguments of every (y, z) into a scratch array first, so the logarithm
   * runs over whole vectors of Y x Z terms.
   */
  static void blocked(
      double[] sums,
      ConditionalTable table,
      double[] theta,
      int offset,
      int[] positives,
      int from,
      int count) {
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
    terms(args, complements, sums, cells, true);
  }

  @Override
  public String name() {
    return "simd";
  }

  /**
   * {@code out[k] (+)= log(a[k])} for {@code k < n}, given {@code q[k] = 1 - a[k]} computed
   * separately: where {@code sqrt(1/2) <= a < sqrt(2)} the term is {@code log1p(-q)} from the
   * accurate {@code q} (an argument near 1 rounds to a few ulps of 1, which alone would cost a tiny
   * term its relative precision), elsewhere {@code log(a)} from the bits of {@code a}. Whole
   * vectors; a partial last vector and vectors with an unusual lane (zero, subnormal, negative,
   * infinite, NaN) go through {@link ScalarPhiKernel#logLikelihood}.
   *
   * <p>One method with the logarithm written out, on purpose: C2 keeps vectors in registers only
   * within one compiled method, and a helper taking or returning vectors may not be inlined (then
   * every vector is boxed, 10x slower).
   */
  static void terms(double[] a, double[] q, double[] out, int n, boolean accumulate) {
    final DoubleVector lg1 = DoubleVector.broadcast(S, LG1);
    final DoubleVector lg2 = DoubleVector.broadcast(S, LG2);
    final DoubleVector lg3 = DoubleVector.broadcast(S, LG3);
    final DoubleVector lg4 = DoubleVector.broadcast(S, LG4);
    final DoubleVector lg5 = DoubleVector.broadcast(S, LG5);
    final DoubleVector lg6 = DoubleVector.broadcast(S, LG6);
    final DoubleVector lg7 = DoubleVector.broadcast(S, LG7);
    final DoubleVector ln2Hi = DoubleVector.broadcast(S, LN2_HI);
    final DoubleVector two = DoubleVector.broadcast(S, 2.0);
    final DoubleVector half = DoubleVector.broadcast(S, 0.5);
    final DoubleVector one = DoubleVector.broadcast(S, 1.0);
    final DoubleVector magic = DoubleVector.broadcast(S, MAGIC);
    final DoubleVector zero = DoubleVector.zero(S);
    int k = 0;
    for (; k + L <= n; k += L) {
      DoubleVector x = DoubleVector.fromArray(S, a, k);
      LongVector bits = x.reinterpretAsLongs();
      if (bits.compare(VectorOperators.LT, MIN_NORMAL_BITS)
          .or(bits.compare(VectorOperators.GE, INFINITY_BITS))
          .anyTrue()) {
        scalarTerms(a, q, out, k, k + L, accumulate);
        continue;
      }
      VectorMask<Double> nearOne =
          x.compare(VectorOperators.GE, SQRT_HALF).and(x.compare(VectorOperators.LT, SQRT_TWO));
      LongVector shifted = bits.sub(SQRT_HALF_BITS);
      DoubleVector m = bits.sub(shifted.and(EXPONENT_MASK)).reinterpretAsDoubles();
      DoubleVector kd =
          shifted
              .lanewise(VectorOperators.ASHR, 52)
              .add(MAGIC_BITS)
              .reinterpretAsDoubles()
              .sub(magic);
      DoubleVector f = m.sub(one).blend(DoubleVector.fromArray(S, q, k).neg(), nearOne);
      kd = kd.blend(zero, nearOne);
      // fdlibm e_log.c: k*ln2_hi - ((hfsq - (s*(hfsq + R(s^2)) + k*ln2_lo)) - f), s = f/(2+f)
      DoubleVector s = f.div(f.add(two));
      DoubleVector z = s.mul(s);
      DoubleVector r =
          z.fma(lg7, lg6).fma(z, lg5).fma(z, lg4).fma(z, lg3).fma(z, lg2).fma(z, lg1).mul(z);
      DoubleVector hfsq = f.mul(f).mul(half);
      DoubleVector inner = s.fma(hfsq.add(r), kd.mul(LN2_LO));
      DoubleVector term = kd.fma(ln2Hi, f.sub(hfsq.sub(inner)));
      if (accumulate) {
        term = term.add(DoubleVector.fromArray(S, out, k));
      }
      term.intoArray(out, k);
    }
    scalarTerms(a, q, out, k, n, accumulate);
  }

  private static void scalarTerms(
      double[] a, double[] q, double[] out, int from, int to, boolean accumulate) {
    for (int k = from; k < to; k++) {
      double term = scalarTerm(a[k], q[k]);
      out[k] = accumulate ? out[k] + term : term;
    }
  }

  private static double scalarTerm(double a, double q) {
    return a >= 0.5 && a < 2 ? ScalarPhiKernel.logLikelihood(a, q) : Math.log(a);
  }

  /** {@code out[i] = log(in[i])} (tests and benchmarks): {@link #terms} with {@code q = 1 - in}. */
  static void log(double[] in, double[] out, int n) {
    double[] q = new double[n];
    for (int i = 0; i < n; i++) {
      q[i] = 1.0 - in[i]; // exact where it is used (Sterbenz: in within [1/2, 2])
    }
    terms(in, q, out, n, false);
  }
}
