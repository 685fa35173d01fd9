package org.melep.melep;

import java.util.Arrays;
import org.melep.stats.JointCountsSlab;

/**
 * The pass-2 states of many groups in flat primitive arrays (the {@link PhiSums} of every group a
 * Spark task touches, without an object per group): a group gets a dense slot ({@link #open}), its
 * Y x Z sums live in one shared slab of doubles at the slot's offset.
 *
 * <p>Records come in runs of one slot ({@link #add}) with the group's table from the flat {@link
 * ConditionalTables} (copied once per run into a reused scratch table); the kernel adds them in
 * batches of {@link PhiKernel#batch} into a scratch block, which goes into the slot's sums by a
 * Kahan sum every {@value PhiSums#BLOCK} records and at the end of the run: the error bound of
 * {@link PhiSums}. The first flush into a slot is exact, so its compensation array is allocated at
 * the second flush only.
 */
public final class PhiSumsSlab {
  private static final int NEVER_FLUSHED = -2;
  private static final int NO_COMPENSATION = -1;

  private final PhiKernel kernel;
  private int slots;
  private int[] targetLabels = new int[16];
  private int[] sourceLabels = new int[16];
  private long[] n = new long[16];
  private int[] sumsAt = new int[16];
  private int[] compensationAt = new int[16];
  private double[] sums = new double[256];
  private int sumsTop;
  private double[] compensation = new double[0];
  private int compensationTop;

  private double[] block = new double[0];
  private double[] pendingTheta = new double[0];
  private int[] pendingLabels = new int[0];
  private int[] pendingCounts = new int[0];
  private ConditionalTable scratch;

  /** With the kernel of this JVM ({@link PhiKernels#best()}). */
  public PhiSumsSlab() {
    this(PhiKernels.best());
  }

  public PhiSumsSlab(PhiKernel kernel) {
    this.kernel = kernel;
  }

  /** A new slot for a group of Y target and Z source labels, with no records. */
  public int open(int y, int z) {
    if (slots == n.length) {
      int m = 2 * slots;
      targetLabels = Arrays.copyOf(targetLabels, m);
      sourceLabels = Arrays.copyOf(sourceLabels, m);
      n = Arrays.copyOf(n, m);
      sumsAt = Arrays.copyOf(sumsAt, m);
      compensationAt = Arrays.copyOf(compensationAt, m);
    }
    int width = y * z;
    sums = fit(sums, (long) sumsTop + width);
    int s = slots++;
    targetLabels[s] = y;
    sourceLabels[s] = z;
    sumsAt[s] = sumsTop;
    compensationAt[s] = NEVER_FLUSHED;
    sumsTop += width;
    return s;
  }

  private static double[] fit(double[] a, long need) {
    if (need > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("Cannot hold the group states: more than 2^31 sums");
    }
    return need <= a.length
        ? a
        : Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, 2L * a.length)));
  }

  /**
   * Adds a run of records of one slot, whose table is {@code tables}' group {@code group}: record q
   * ({@code from <= q < to}) is {@code records[q]} in the encoding of {@link JointCountsSlab#add}
   * (theta offset, positives as a bit mask or an offset into {@code labels}).
   */
  public void add(
      int slot,
      ConditionalTables tables,
      int group,
      double[] theta,
      int[] labels,
      long[] records,
      int from,
      int to) {
    final int yn = targetLabels[slot];
    final int zn = sourceLabels[slot];
    ConditionalTable table = scratch = tables.load(group, scratch);
    if (table.targetLabels() != yn || table.sourceLabels() != zn) {
      throw new IllegalArgumentException(
          "Cannot add to phi sums of Y="
              + yn
              + ", Z="
              + zn
              + " with a table of Y="
              + table.targetLabels()
              + ", Z="
              + table.sourceLabels());
    }
    final int width = yn * zn;
    if (block.length < width) {
      block = new double[width];
    }
    final double[] b = block;
    final int batch = kernel.batch(table);
    final boolean masks = yn <= JointCountsSlab.MASK_LABELS;
    if (pendingLabels.length < batch * yn) {
      pendingLabels = new int[batch * yn];
    }
    int inBlock = 0;
    if (batch == 1) {
      for (int q = from; q < to; q++) {
        long rec = records[q];
        int low = (int) rec;
        if (masks) {
          int k = positives(low, pendingLabels, 0);
          kernel.add(b, table, theta, (int) (rec >>> 32), pendingLabels, 0, k);
        } else {
          kernel.add(b, table, theta, (int) (rec >>> 32), labels, low + 1, labels[low]);
        }
        if (++inBlock >= PhiSums.BLOCK) {
          flush(slot, width);
          inBlock = 0;
        }
      }
    } else {
      if (pendingTheta.length < batch * zn) {
        pendingTheta = new double[batch * zn];
      }
      if (pendingCounts.length < batch) {
        pendingCounts = new int[batch];
      }
      for (int q = from; q < to; q += batch) {
        int r = Math.min(batch, to - q);
        for (int j = 0; j < r; j++) {
          long rec = records[q + j];
          int low = (int) rec;
          System.arraycopy(theta, (int) (rec >>> 32), pendingTheta, j * zn, zn);
          int k;
          if (masks) {
            k = positives(low, pendingLabels, j * yn);
          } else {
            k = labels[low];
            System.arraycopy(labels, low + 1, pendingLabels, j * yn, k);
          }
          pendingCounts[j] = k;
        }
        kernel.addRecords(b, table, pendingTheta, pendingLabels, pendingCounts, r);
        inBlock += r;
        if (inBlock >= PhiSums.BLOCK) {
          flush(slot, width);
          inBlock = 0;
        }
      }
    }
    if (inBlock > 0) {
      flush(slot, width);
    }
    n[slot] += to - from;
  }

  /** The set bits of {@code mask} into {@code out[at ..]}, ascending; returns their number. */
  private static int positives(int mask, int[] out, int at) {
    int k = 0;
    for (int m = mask; m != 0; m &= m - 1) {
      out[at + k++] = Integer.numberOfTrailingZeros(m);
    }
    return k;
  }

  /** The block into the slot's sums: a plain store the first time, else a Kahan sum; clears it. */
  private void flush(int slot, int width) {
    final double[] sum = sums;
    final double[] b = block;
    final int at = sumsAt[slot];
    int c = compensationAt[slot];
    if (c == NEVER_FLUSHED) {
      for (int k = 0; k < width; k++) {
        sum[at + k] = b[k];
        b[k] = 0.0;
      }
      compensationAt[slot] = NO_COMPENSATION;
      return;
    }
    if (c == NO_COMPENSATION) {
      compensation = fit(compensation, (long) compensationTop + width);
      c = compensationAt[slot] = compensationTop;
      compensationTop += width;
    }
    final double[] comp = compensation;
    for (int k = 0; k < width; k++) {
      double v = b[k] - comp[c + k];
      double t = sum[at + k] + v;
      if (Double.isFinite(t)) {
        comp[c + k] = (t - sum[at + k]) - v;
        sum[at + k] = t;
      } else { // a logarithm of 0 stays -Infinity (MelepCalculator reports it), not NaN
        sum[at + k] = sum[at + k] + b[k];
        comp[c + k] = 0.0;
      }
      b[k] = 0.0;
    }
  }

  public int slots() {
    return slots;
  }

  public int targetLabels(int slot) {
    return targetLabels[slot];
  }

  public int sourceLabels(int slot) {
    return sourceLabels[slot];
  }

  public long n(int slot) {
    return n[slot];
  }

  /** The slot's sums, compensation folded in (a new array, the layout of {@link PhiSums#of}). */
  public double[] logSumsArray(int slot) {
    int width = targetLabels[slot] * sourceLabels[slot];
    int at = sumsAt[slot];
    double[] out = Arrays.copyOfRange(sums, at, at + width);
    int c = compensationAt[slot];
    if (c >= 0) {
      for (int k = 0; k < width; k++) {
        out[k] -= compensation[c + k];
      }
    }
    return out;
  }

  /** The slot as a {@link PhiSums} (a new state). */
  public PhiSums sums(int slot) {
    return PhiSums.of(targetLabels[slot], sourceLabels[slot], n[slot], logSumsArray(slot));
  }
}
