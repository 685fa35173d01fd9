package org.melep.transfer;

import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.lapack.Dlamc1;
import org.netlib.lapack.Dlamc2;
import org.netlib.lapack.Dlamch;

/**
 * The LAPACK every finish step uses, with its machine constants computed once, on one thread,
 * before any routine runs.
 *
 * <p>Spark's pure-Java LAPACK (F2J, the fallback when no native LAPACK is installed) computes the
 * machine constants of {@code dlamch} lazily, on its first call, in static fields without any
 * synchronisation. Two executor threads making that first call at the same time can each be handed
 * a wrong value (measured: the safe minimum returned as 1.0, epsilon as 2^-52, in about 1 of 75
 * simultaneous first calls). {@code dlarfg} (inside {@code dsytrd}) then rescales by {@code eps /
 * safmin} in an unbounded loop that never ends: a LogME or H-score finish step spins forever. Every
 * LAPACK call in this package goes through {@link #get}, which computes and checks the constants
 * under a lock first; after that F2J only reads them.
 */
final class Lapack {
  private static volatile boolean ready;

  private Lapack() {}

  static LAPACK get() {
    if (!ready) {
      computeMachineConstants();
    }
    return LAPACK.getInstance();
  }

  /**
   * Computes dlamch's constants on this thread and checks them against IEEE 754 double precision
   * (round to nearest): epsilon 2^-53, safe minimum {@link Double#MIN_NORMAL}, base 2. If an
   * earlier unsynchronised first call elsewhere in the JVM left wrong values, they are computed
   * again once.
   */
  private static synchronized void computeMachineConstants() {
    if (ready) {
      return;
    }
    if (!constantsAreIeee()) {
      forgetMachineConstants();
      if (!constantsAreIeee()) {
        throw new IllegalStateException(
            "LAPACK's machine constants are not IEEE double precision: epsilon "
                + Dlamch.dlamch("E")
                + ", safe minimum "
                + Dlamch.dlamch("S")
                + ", base "
                + Dlamch.dlamch("B"));
      }
    }
    ready = true;
  }

  /** dlamch's first call computes every constant at once; the later ones only read them. */
  private static boolean constantsAreIeee() {
    return Dlamch.dlamch("E") == 0x1p-53
        && Dlamch.dlamch("S") == Double.MIN_NORMAL
        && Dlamch.dlamch("B") == 2;
  }

  /**
   * Makes F2J compute its machine constants again on the next call, as in a fresh JVM, and makes
   * {@link #get} check them again (package-private for the test of the first-call race).
   */
  static synchronized void forgetMachineConstants() {
    ready = false;
    Dlamch.first = true;
    Dlamc2.first = true;
    Dlamc1.first = true;
  }
}
