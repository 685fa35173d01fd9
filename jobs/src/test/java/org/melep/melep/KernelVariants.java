package org.melep.melep;

/**
 * The two loop shapes of the SIMD pass-2 kernel as separate kernels, for the A/B benchmark ({@code
 * scripts/benchmark ScoreVariants}): {@code fused} (arguments, logarithm and sums in registers, per
 * y; what the kernel runs for Z of at least one vector) and {@code blocked} (all arguments into a
 * scratch array, then the logarithm over it; the kernel's shape before, and its path for Z below
 * one vector).
 */
public final class KernelVariants {
  private KernelVariants() {}

  public static PhiKernel fused() {
    return new PhiKernel() {
      @Override
      public void add(
          double[] sums,
          ConditionalTable table,
          double[] theta,
          int offset,
          int[] positives,
          int from,
          int count) {
        SimdPhiKernel.fused(sums, table, theta, offset, positives, from, count);
      }

      @Override
      public String name() {
        return "simd fused";
      }
    };
  }

  public static PhiKernel blocked() {
    return new PhiKernel() {
      @Override
      public void add(
          double[] sums,
          ConditionalTable table,
          double[] theta,
          int offset,
          int[] positives,
          int from,
          int count) {
        SimdPhiKernel.blocked(sums, table, theta, offset, positives, from, count);
      }

      @Override
      public String name() {
        return "simd blocked";
      }
    };
  }
}
