package org.melep.melep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.melep.stats.JointCounts;

/**
 * Both pass-2 kernels (a {@code Math.log} per term, and the vectorised logarithm) against the plain
 * triple loop of {@link PlainLoopMelep}, to 1e-13 relative, on data whose likelihood arguments lie
 * near 1 (well-predicted records) and near the {@code 1/(2n)} bound (confidently wrong records of a
 * rare label); and the choice between them.
 */
class TestPhiKernels {

  private static List<PhiKernel> kernels() {
    List<PhiKernel> k = new ArrayList<>();
    k.add(PhiKernels.scalar());
    k.add(PhiKernels.simd()); // the test JVM runs with --add-modules jdk.incubator.vector (pom)
    return k;
  }

  /** phi(y, z) of both passes with a kernel, from the library's pass 1. */
  private static double[][] phiWith(PhiKernel kernel, double[][] theta, boolean[][] t) {
    int n = theta.length;
    int zn = theta[0].length;
    int yn = t[0].length;
    JointCounts c = JointCounts.empty(yn, zn);
    int[][] pos = new int[n][];
    for (int i = 0; i < n; i++) {
      pos[i] = MelepCalculator.positiveIndices(t[i]);
      c.add(theta[i], 0, pos[i], pos[i].length);
    }
    ConditionalTable table = ConditionalTable.from(c);
    PhiSums sums = PhiSums.empty(yn, zn);
    for (int i = 0; i < n; i++) {
      sums.add(kernel, table, theta[i], 0, pos[i], 0, pos[i].length);
    }
    double[][] phi = new double[yn][zn];
    for (int y = 0; y < yn; y++) {
      for (int z = 0; z < zn; z++) {
        phi[y][z] = MelepCalculator.phi(sums, y, z);
      }
    }
    return phi;
  }

  private static void assertMatchesPlainLoop(double[][] theta, boolean[][] t) {
    double[][] expected = PlainLoopMelep.phi(theta, t);
    for (PhiKernel kernel : kernels()) {
      double[][] actual = phiWith(kernel, theta, t);
      for (int y = 0; y < expected.length; y++) {
        for (int z = 0; z < expected[y].length; z++) {
          assertThat(Math.abs(actual[y][z] - expected[y][z]))
              .as(
                  "%s kernel, phi(%d, %d) = %s, plain loop %s",
                  kernel.name(), y, z, actual[y][z], expected[y][z])
              .isLessThanOrEqualTo(1e-13 * Math.abs(expected[y][z]));
        }
      }
    }
  }

  /** Z values that are and are not multiples of the vector width (tails, padding lanes). */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 8, 13, 20})
  void bothKernelsMatchThePlainLoop(int zn) {
    RandomTask task = RandomTask.of(31 + zn, 500, 3, zn);
    assertMatchesPlainLoop(task.theta(), task.targets());
  }

  /**
   * Z = 6: the SIMD kernel's scratch-array loop; Z = 20: its loop with four records per logarithm.
   */
  @ParameterizedTest
  @ValueSource(ints = {6, 20})
  void argumentsNearOneKeepTheirRelativePrecision(int zn) {
    // outputs that copy the labels up to 1e-9 .. 1e-15: every argument is 1 - tiny, phi is tiny
    Random r = new Random(5);
    int n = 2003; // not a multiple of the four records per logarithm
    double[][] theta = new double[n][zn];
    boolean[][] t = new boolean[n][2];
    for (int i = 0; i < n; i++) {
      t[i][0] = r.nextDouble() < 0.4;
      t[i][1] = r.nextDouble() < 0.7;
      for (int z = 0; z < zn; z++) {
        double eps = Math.pow(10, -9 - r.nextInt(7)) * r.nextDouble();
        theta[i][z] = t[i][z % 2] ? 1 - eps : eps;
      }
    }
    double[][] phi = PlainLoopMelep.phi(theta, t);
    assertThat(phi[0][0]).isLessThan(1e-6).isPositive();
    assertMatchesPlainLoop(theta, t);
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 12})
  void argumentsNearTheLowerBoundKeepTheirRelativePrecision(int zn) {
    // a rare label (2 positives in 20,000) and saturated outputs that ignore it: the positives'
    // arguments are about 2/n, near the 1/(2n) bound
    int n = 20_000;
    double[][] theta = new double[n][zn];
    boolean[][] t = new boolean[n][1];
    Random r = new Random(6);
    for (int i = 0; i < n; i++) {
      t[i][0] = i % 10_000 == 17;
      for (int z = 0; z < zn; z++) {
        double eps = 1e-12 * r.nextDouble();
        theta[i][z] = z % 2 == 0 ? 1 - eps : eps;
      }
    }
    double smallest = 1;
    // the plain loop's smallest argument, for the record: within a factor of a few of 1/(2n)
    JointCounts c = JointCounts.empty(1, zn);
    for (int i = 0; i < n; i++) {
      int[] pos = MelepCalculator.positiveIndices(t[i]);
      c.add(theta[i], 0, pos, pos.length);
    }
    ConditionalTable table = ConditionalTable.from(c);
    for (int i = 0; i < n; i++) {
      int tv = t[i][0] ? 1 : 0;
      double x = theta[i][0];
      smallest =
          Math.min(
              smallest,
              table.conditional(0, 0, tv, 0) * (1 - x) + table.conditional(0, 0, tv, 1) * x);
    }
    assertThat(smallest).isLessThan(4.0 / n).isGreaterThanOrEqualTo(1.0 / (2 * n) * (1 - 1e-9));
    assertMatchesPlainLoop(theta, t);
  }

  @Test
  void vectorLogIsWithinAnUlpOfStrictMath() {
    Random r = new Random(7);
    int n = 1 << 16;
    double[] in = new double[n];
    for (int i = 0; i < n; i++) {
      switch (i % 5) {
        case 0 -> in[i] = r.nextDouble();
        case 1 -> in[i] = 1 + (r.nextDouble() - 0.5) * Math.pow(10, -1 - r.nextInt(15));
        case 2 -> in[i] = Math.pow(10, -300 * r.nextDouble());
        case 3 -> in[i] = Math.sqrt(0.5) * (1 + (r.nextDouble() - 0.5) * 1e-12);
        default -> in[i] = Math.exp(40 * (r.nextDouble() - 0.5));
      }
    }
    double[] out = new double[n];
    SimdPhiKernel.log(in, out, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double e = StrictMath.log(in[i]);
      double err = e == 0 ? Math.abs(out[i]) : Math.abs(out[i] - e) / Math.abs(e);
      worst = Math.max(worst, err);
    }
    assertThat(worst).isLessThan(1e-15);
  }

  @Test
  void vectorLogGivesWhatMathLogGivesForUnusualArguments() {
    double[] in = {
      0.0,
      -0.0,
      Double.MIN_VALUE,
      1e-310,
      -1.0,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      1.0,
      0.5,
      2.0,
      Double.MIN_NORMAL,
      Double.MAX_VALUE,
      0.25,
      3.0,
      1e-5,
      0.75
    };
    double[] out = new double[in.length];
    SimdPhiKernel.log(in, out, in.length);
    for (int i = 0; i < in.length; i++) {
      double e = Math.log(in[i]);
      if (Double.isNaN(e)) {
        assertThat(out[i]).as("log(%s)", in[i]).isNaN();
      } else if (Double.isInfinite(e) || e == 0) {
        assertThat(out[i]).as("log(%s)", in[i]).isEqualTo(e);
      } else {
        assertThat(Math.abs(out[i] - e))
            .as("log(%s)", in[i])
            .isLessThanOrEqualTo(1e-15 * Math.abs(e));
      }
    }
  }

  /**
   * A table that does not come from the records (the public API allows it): products of four
   * arguments of 1e-90 underflow, and a zero argument gives -Infinity; the SIMD kernel's
   * branch-free loop must still give what the scalar kernel gives.
   */
  @Test
  void tinyAndZeroArgumentsGiveWhatTheScalarKernelGives() {
    int zn = 9;
    JointCounts c = JointCounts.empty(2, zn);
    double[] theta = new double[zn];
    // every record positive for y = 0 and negative for y = 1, outputs all on: P(1|0) = 0 for y = 0
    java.util.Arrays.fill(theta, 1.0);
    for (int i = 0; i < 10; i++) {
      c.add(theta, 0, new int[] {0}, 1);
    }
    ConditionalTable table = ConditionalTable.from(c);
    double[][] rows = new double[6][zn];
    for (int i = 0; i < rows.length; i++) {
      for (int z = 0; z < zn; z++) {
        // 1e-90 on: the argument for t = 1 of y = 0 is P(1|1) * 1e-90 = 1e-90; exactly 0 for z = 3
        rows[i][z] = z == 3 && i == 2 ? 0.0 : 1e-90 * (1 + z);
      }
    }
    PhiSums simd = PhiSums.empty(2, zn);
    PhiSums scalar = PhiSums.empty(2, zn);
    for (double[] row : rows) {
      simd.add(PhiKernels.simd(), table, row, 0, new int[] {0}, 0, 1);
      scalar.add(PhiKernels.scalar(), table, row, 0, new int[] {0}, 0, 1);
    }
    for (int y = 0; y < 2; y++) {
      for (int z = 0; z < zn; z++) {
        double e = scalar.logSum(y, z);
        double a = simd.logSum(y, z);
        if (Double.isInfinite(e)) {
          assertThat(a).as("(%d, %d)", y, z).isEqualTo(e);
        } else {
          assertThat(Math.abs(a - e))
              .as("(%d, %d): %s vs %s", y, z, a, e)
              .isLessThanOrEqualTo(1e-13 * Math.abs(e));
        }
      }
    }
    assertThat(scalar.logSum(0, 0)).isLessThan(-1000); // the products did underflow
    assertThat(scalar.logSum(0, 3)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void theScalarKernelIsChosenWhenSwitchedOffOrWithoutTheModule() {
    assertThat(PhiKernels.choose("false", true, false).name()).isEqualTo("scalar");
    assertThat(PhiKernels.choose(null, false, false).name()).isEqualTo("scalar");
    assertThat(PhiKernels.choose(null, true, false).name()).isEqualTo("simd");
    assertThat(PhiKernels.choose("true", true, false).name()).isEqualTo("simd");
    assertThat(PhiKernels.modulePresent()).isTrue();
    assertThat(PhiKernels.best().name())
        .isEqualTo("false".equals(System.getProperty(PhiKernels.PROPERTY)) ? "scalar" : "simd");
  }
}
