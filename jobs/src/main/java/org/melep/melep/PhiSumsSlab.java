package org.melep.melep;

import java.util.Arrays;
import org.melep.stats.DoublePages;
import org.melep.stats.JointCountsSlab;

/**
 * The pass-2 states of many groups in flat primitive arrays (the {@link PhiSums} of every group a
 * Spark task touches, without an object per group): a group gets a dense slot ({@link #open}), its
 * Y x Z sums live in one shared slab of doubles at the slot's offset.
 *
 * <p>Records come in runs of one slot ({@link #add}) with the group's table from the flat {@link
 * ConditionalTables} (copied once per run into a reused scratch table); the kernel adds them in
 * batches of {@link PhiKernel#batch} into the slot's block (copied to a scratch array for the run:
 * the kernels write from index 0), which goes into the slot's compensated totals by a Kahan sum
 * every {@value PhiSums#BLOCK} records of the group: the error bound of {@link PhiSums}. The totals
 * are only allocated at a slot's first full block, so a small group costs Y x Z doubles.
 */
public final class PhiSumsSlab {

  private final PhiKernel kernel;
  private int slots;
  private int[] targetLabels = new int[16];
  private int[] sourceLabels = new int[16];
  private long[] n = new long[16];
  private int[] inBlock = new int[16];
  private long[] blockAt = new long[16]; // handles into blocks
  private long[] totalsAt = new long[16]; // -1: none yet; else sums, then compensation
  private final DoublePages blocks = new DoublePages(); // grow without copying
  private final DoublePages totals = new DoublePages();

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
      inBlock = Arrays.copyOf(inBlock, m);
      blockAt = Arrays.copyOf(blockAt, m);
      totalsAt = Arrays.copyOf(totalsAt, m);
    }
    long width = (long) y * z;
    if (y < 1 || z < 1 || width > Integer.MAX_VALUE / 2 - 16) {
      throw new IllegalArgumentException(
          "Cannot hold the phi sums of a group of Y=" + y + ", Z=" + z + " labels");
    }
    int s = slots++;
    targetLabels[s] = y;
    sourceLabels[s] = z;
    blockAt[s] = blocks.allocate((int) width);
    totalsAt[s] = -1;
    return s;
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
    final double[] page = blocks.page(blockAt[slot]);
    final int at = DoublePages.offset(blockAt[slot]);
    System.arraycopy(page, at, b, 0, width); // the slot's block, to the kernel
    final int batch = kernel.batch(table);
    final boolean masks = yn <= JointCountsSlab.MASK_LABELS;
    if (pendingLabels.length < batch * yn) {
      pendingLabels = new int[batch * yn];
    }
    int inBlock = this.inBlock[slot];
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
    System.arraycopy(b, 0, page, at, width);
    this.inBlock[slot] = inBlock;
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

  /** The scratch block into the slot's totals by a Kahan sum; clears it. */
  private void flush(int slot, int width) {
    if (totalsAt[slot] < 0) {
      totalsAt[slot] = totals.allocate(2 * width);
    }
    final double[] sum = totals.page(totalsAt[slot]);
    final int c = DoublePages.offset(totalsAt[slot]);
    final double[] b = block;
    final int comp = c + width;
    for (int k = 0; k < width; k++) {
      double v = b[k] - sum[comp + k];
      double t = sum[c + k] + v;
      if (Double.isFinite(t)) {
        sum[comp + k] = (t - sum[c + k]) - v;
        sum[c + k] = t;
      } else { // a logarithm of 0 stays -Infinity (MelepCalculator reports it), not NaN
        sum[c + k] = sum[c + k] + b[k];
        sum[comp + k] = 0.0;
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

  /**
   * The slot's sums: totals, compensation and block folded together (a new array, the layout of
   * {@link PhiSums#of}).
   */
  public double[] logSumsArray(int slot) {
    int width = targetLabels[slot] * sourceLabels[slot];
    int at = DoublePages.offset(blockAt[slot]);
    double[] out = Arrays.copyOfRange(blocks.page(blockAt[slot]), at, at + width);
    if (totalsAt[slot] >= 0) {
      double[] sum = totals.page(totalsAt[slot]);
      int c = DoublePages.offset(totalsAt[slot]);
      for (int k = 0; k < width; k++) {
        double a = sum[c + k];
        double b = out[k];
        double s = a + b;
        if (Double.isFinite(s)) { // two-sum, then the compensation
          double bb = s - a;
          double err = (a - (s - bb)) + (b - bb);
          out[k] = s + (err - sum[c + width + k]);
        } else {
          out[k] = s;
        }
      }
    }
    return out;
  }

  /** The slot as a {@link PhiSums} (a new state). */
  public PhiSums sums(int slot) {
    return PhiSums.of(targetLabels[slot], sourceLabels[slot], n[slot], logSumsArray(slot));
  }
}
