package org.melep.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.netlib.lapack.Dlamch;

/**
 * Finish steps on several executor threads making the JVM's first LAPACK call at the same moment:
 * F2J's lazily computed machine constants raced (a wrong safe minimum from {@code dlamch} made
 * {@code dlarfg} loop forever: a LogME finish step spun for minutes in CI). Each round resets F2J
 * to its fresh-JVM state and starts the threads together.
 */
class TestLapackFirstCall {
  private static final int ROUNDS = 400;
  private static final int THREADS = 3;
  private static ExecutorService pool;

  @BeforeAll
  static void startThreads() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stopThreads() {
    pool.shutdownNow();
    Lapack.forgetMachineConstants();
    Lapack.get();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void simultaneousFirstEigenDecompositionsAllFinishWithTheSequentialResult() throws Exception {
    double[] upper = randomGramUpper(6, 11);
    double[] expected = SymmetricEigen.ofUpper(upper, 6).values;
    int wrong =
        rounds(
            () -> {
              double[] values = SymmetricEigen.ofUpper(upper, 6).values;
              return Arrays.equals(values, expected)
                  && Dlamch.dlamch("S") == Double.MIN_NORMAL
                  && Dlamch.dlamch("E") == 0x1p-53;
            });
    assertThat(wrong).isZero();
  }

  @Test
  void aCorruptedConstantIsComputedAgainBeforeUse() {
    Lapack.forgetMachineConstants();
    Dlamch.first = false;
    Dlamch.sfmin = 1.0; // what a raced first call can leave behind
    assertThat(Lapack.get()).isNotNull();
    assertThat(Dlamch.dlamch("S")).isEqualTo(Double.MIN_NORMAL);
    assertThat(Dlamch.dlamch("E")).isEqualTo(0x1p-53);
  }

  /** Rounds in which some thread's check failed; each round starts from a fresh F2J state. */
  private static int rounds(Supplier<Boolean> check) throws Exception {
    int wrong = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Lapack.forgetMachineConstants();
      AtomicInteger waiting = new AtomicInteger(THREADS);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        results.add(
            pool.submit(
                () -> {
                  waiting.decrementAndGet();
                  while (waiting.get() > 0) {
                    Thread.onSpinWait();
                  }
                  return check.get();
                }));
      }
      boolean ok = true;
      for (Future<Boolean> r : results) {
        try {
          ok &= r.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("round " + round + ": a first LAPACK call never returned", e);
        }
      }
      wrong += ok ? 0 : 1;
    }
    return wrong;
  }

  private static double[] randomGramUpper(int d, long seed) {
    Random r = new Random(seed);
    double[][] f = new double[3 * d][d];
    for (double[] row : f) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[] upper = new double[d * d];
    for (int j = 0; j < d; j++) {
      for (int i = 0; i <= j; i++) {
        double s = 0;
        for (double[] row : f) {
          s += row[i] * row[j];
        }
        upper[i + j * d] = s;
      }
    }
    return upper;
  }
}
