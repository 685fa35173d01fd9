package org.melep.bench;

import java.util.Locale;
import org.melep.melep.ConditionalTable;
import org.melep.melep.KernelVariants;
import org.melep.melep.PhiKernel;
import org.melep.melep.PhiKernels;
import org.melep.melep.PhiSums;
import org.melep.stats.JointCounts;

/**
 * A/B of the kernel's loop shapes on the Score benchmark's data, interleaved in one JVM (variant A,
 * variant B, A, B, ...) so that a shared machine's load weighs on both alike; rates per CPU second
 * of the thread, best of the rounds, with the load average of each round.
 *
 * <ul>
 *   <li>pass 1: {@code JointCounts} (blocked sums: plain addition, a Kahan sum per block of 64
 *       records) against the previous loop (a Kahan update per record and cell, kept here);
 *   <li>pass 2: the SIMD kernel (four records per logarithm) against its loop with one record per
 *       logarithm, its loop before (arguments into a scratch array, then the logarithm), and the
 *       scalar kernel.
 * </ul>
 *
 * <pre>
 * scripts/benchmark ScoreVariants [groups rounds]   (default 300 groups of 1,000 records, 7 rounds)
 * </pre>
 */
public final class ScoreVariantsBenchmark {
  private ScoreVariantsBenchmark() {}

  /** The pass-1 loop before the blocked sums: a Kahan update per record and cell. */
  static final class KahanPerRecord {
    final int yn;
    final int zn;
    final double[] sum;
    final double[] comp;

    KahanPerRecord(int yn, int zn) {
      this.yn = yn;
      this.zn = zn;
      sum = new double[4 * yn * zn];
      comp = new double[4 * yn * zn];
    }

    void add(double[] theta, int offset, int[] positives, int count) {
      int next = 0;
      for (int y = 0; y < yn; y++) {
        int t = 0;
        if (next < count && positives[next] == y) {
          t = 1;
          next++;
        }
        final int off = (y * 2 + t) * 2 * zn;
        for (int z = 0; z < zn; z++) {
          double x = theta[offset + z];
          int k0 = off + z;
          double v0 = (1.0 - x) - comp[k0];
          double s0 = sum[k0] + v0;
          comp[k0] = (s0 - sum[k0]) - v0;
          sum[k0] = s0;
          int k1 = k0 + zn;
          double v1 = x - comp[k1];
          double s1 = sum[k1] + v1;
          comp[k1] = (s1 - sum[k1]) - v1;
          sum[k1] = s1;
        }
      }
    }
  }

  public static void main(String[] args) {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    ScoreBenchmark b = new ScoreBenchmark(Math.max(1, groups / 10), 10, 1000);
    int y = ScoreBenchmark.Y;
    int z = ScoreBenchmark.Z;
    int cks = b.checkpoints;
    double updates = (double) groups * b.perFold * y * z;
    System.out.printf(
        Locale.ROOT,
        "Score kernel variants, interleaved: %d groups x %d records, Y=%d, Z=%d, %d rounds (%d cores, load %s)%n",
        groups,
        b.perFold,
        y,
        z,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());
    // the tables of every group, once
    ConditionalTable[] tables = new ConditionalTable[groups];
    for (int g = 0; g < groups; g++) {
      tables[g] = ConditionalTable.from(counts(b, g));
    }
    PhiKernel[] pass2 = {
      PhiKernels.best(), KernelVariants.fused(), KernelVariants.blocked(), PhiKernels.scalar()
    };
    String[] names = {
      "pass 1 blocked sums (JointCounts)",
      "pass 1 Kahan per record (before)",
      "pass 2 " + pass2[0].name() + " (4 records per log)",
      "pass 2 simd fused, 1 record per log",
      "pass 2 simd blocked (before)",
      "pass 2 scalar"
    };
    long[] best = new long[names.length];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    double sink = 0;
    for (int round = -1; round < rounds; round++) {
      long[] ns = new long[names.length];
      long t0 = CpuClock.thread();
      for (int g = 0; g < groups; g++) {
        sink += counts(b, g).joint(0, 0, 1, 1);
      }
      ns[0] = CpuClock.thread() - t0;
      t0 = CpuClock.thread();
      for (int g = 0; g < groups; g++) {
        KahanPerRecord c = new KahanPerRecord(y, z);
        int[] recs = b.foldRecords[g / cks];
        int[][] pos = b.foldPositives[g / cks];
        double[] th = b.theta[g % cks];
        for (int k = 0; k < b.perFold; k++) {
          c.add(th, recs[k] * z, pos[k], pos[k].length);
        }
        sink += c.sum[0];
      }
      ns[1] = CpuClock.thread() - t0;
      for (int v = 0; v < pass2.length; v++) {
        t0 = CpuClock.thread();
        for (int g = 0; g < groups; g++) {
          PhiSums s = PhiSums.empty(y, z);
          int[] recs = b.foldRecords[g / cks];
          int[][] pos = b.foldPositives[g / cks];
          double[] th = b.theta[g % cks];
          for (int k = 0; k < b.perFold; k++) {
            s.add(pass2[v], tables[g], th, recs[k] * z, pos[k], 0, pos[k].length);
          }
          sink += s.logSum(0, 0);
        }
        ns[2 + v] = CpuClock.thread() - t0;
        if (round == rounds - 1) {
          long a0 = allocated();
          PhiSums s = PhiSums.empty(y, z);
          for (int k = 0; k < b.perFold; k++) {
            int[][] pos = b.foldPositives[0];
            s.add(
                pass2[v], tables[0], b.theta[0], b.foldRecords[0][k] * z, pos[k], 0, pos[k].length);
          }
          System.out.printf(
              Locale.ROOT,
              "  %s allocates %.1f bytes per record%n",
              pass2[v].name(),
              (allocated() - a0) / (double) b.perFold);
        }
      }
      if (round < 0) {
        continue; // warm-up
      }
      StringBuilder line =
          new StringBuilder(
              String.format(Locale.ROOT, "  round %d (load %s):", round + 1, LoadAverage.now()));
      for (int v = 0; v < names.length; v++) {
        best[v] = Math.min(best[v], ns[v]);
        line.append(String.format(Locale.ROOT, " %.3g", updates / (ns[v] / 1e9)));
      }
      System.out.println(line);
    }
    System.out.println("best of the rounds, (record x y x z) updates per CPU second:");
    for (int v = 0; v < names.length; v++) {
      System.out.printf(Locale.ROOT, "  %-40s %.3g%n", names[v], updates / (best[v] / 1e9));
    }
    double both = updates / ((best[0] + best[2]) / 1e9);
    double before = updates / ((best[1] + best[4]) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "  both passes: %.3g (before: %.3g; issue 16 target 2.55e8 = 1.5x vectorised NumPy 1.7e8)%n",
        both,
        before);
    System.out.println("(sink " + sink + ")");
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static JointCounts counts(ScoreBenchmark b, int g) {
    int cks = b.checkpoints;
    JointCounts c = JointCounts.empty(ScoreBenchmark.Y, ScoreBenchmark.Z);
    int[] recs = b.foldRecords[g / cks];
    int[][] pos = b.foldPositives[g / cks];
    double[] th = b.theta[g % cks];
    for (int k = 0; k < b.perFold; k++) {
      c.add(th, recs[k] * ScoreBenchmark.Z, pos[k], pos[k].length);
    }
    return c;
  }
}
