package org.melep.random;

import java.util.SplittableRandom;

/**
 * The random stream of one record: a {@link SplittableRandom} whose seed mixes the run's seed and
 * the record's index (SplitMix64 finaliser), so a record is the same whichever task, partition or
 * machine generates it.
 */
public final class RecordRng {
  private RecordRng() {}

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  public static SplittableRandom forRecord(long seed, long index) {
    return new SplittableRandom(mix64(mix64(seed ^ 0x5DEECE66DL) + GOLDEN * (index + 1)));
  }

  /** SplitMix64's finaliser: a bijective, well-mixed 64-bit hash. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
