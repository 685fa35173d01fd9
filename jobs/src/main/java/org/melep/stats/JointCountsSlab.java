package org.melep.stats;

import java.util.Arrays;

/**
 * The pass-1 states of many groups in flat primitive arrays: what one Spark task accumulates for
 * every group its rows touch, without an object per group. A group gets a dense slot ({@link
 * #open}); its block of cells (the layout of {@link JointCounts}) lives in one shared slab of
 * doubles at the slot's offset, its positives in a shared array of longs.
 *
 * <p>As in {@link JointCounts}: records are added by plain addition into the slot's block, which
 * goes into the slot's compensated totals by a Kahan sum every {@value JointCounts#BLOCK} records;
 * the totals (cells and compensation, a second slab) are only allocated at a slot's first full
 * block, so a million small groups cost {@code 4 Y Z} doubles each. Both slabs are {@link
 * DoublePages}: they grow without copying. The same error bound: blocks of at most {@value
 * JointCounts#BLOCK} plain non-negative terms, compensated totals.
 */
public final class JointCountsSlab {
  /**
   * Target labels up to which a record's positives travel as a bit mask in {@link #add}'s records.
   */
  public static final int MASK_LABELS = 32;

  private int slots;
  private int[] targetLabels = new int[16];
  private int[] sourceLabels = new int[16];
  private long[] n = new long[16];
  private int[] inBlock = new int[16];
  private long[] blockAt = new long[16]; // handles into blocks
  private int[] positivesAt = new int[16];
  private long[] totalsAt = new long[16]; // -1: none yet; else cells, then compensation

  private final DoublePages blocks = new DoublePages();
  private long[] positives = new long[64];
  private int positivesTop;
  private final DoublePages totals = new DoublePages();

  private double[] row = new double[0];

  /** A new slot for a group of Y target and Z source labels, with no records. */
  public int open(int y, int z) {
    if (y < 1 || z < 1) {
      throw new IllegalArgumentException(
          "Cannot create joint counts: need at least one target and one source label: Y="
              + y
              + ", Z="
              + z);
    }
    if (slots == n.length) {
      int m = 2 * slots;
      targetLabels = Arrays.copyOf(targetLabels, m);
      sourceLabels = Arrays.copyOf(sourceLabels, m);
      n = Arrays.copyOf(n, m);
      inBlock = Arrays.copyOf(inBlock, m);
      blockAt = Arrays.copyOf(blockAt, m);
      positivesAt = Arrays.copyOf(positivesAt, m);
      totalsAt = Arrays.copyOf(totalsAt, m);
    }
    long width = 4L * y * z;
    if (width > Integer.MAX_VALUE / 2 - 16) {
      throw new IllegalStateException(
          "Cannot hold the group states: " + width + " cells for Y=" + y + ", Z=" + z);
    }
    if (positivesTop + y > positives.length) {
      positives = Arrays.copyOf(positives, Math.max(positivesTop + y, 2 * positives.length));
    }
    int s = slots++;
    targetLabels[s] = y;
    sourceLabels[s] = z;
    blockAt[s] = blocks.allocate((int) width);
    positivesAt[s] = positivesTop;
    totalsAt[s] = -1;
    positivesTop += y;
    return s;
  }

  /**
   * Adds a run of records to one slot: record q ({@code from <= q < to}) is {@code records[q] =
   * thetaAt << 32 | low}: its source-label probabilities are {@code theta[thetaAt .. + Z)}; with Y
   * at most {@value #MASK_LABELS}, {@code low} is the bit mask of its positive target labels (bit
   * y), else the offset of their number {@code k = labels[low]}, the labels following it in {@code
   * labels[low + 1 .. + k]}, sorted ascending and unique.
   */
  public void add(int slot, double[] theta, int[] labels, long[] records, int from, int to) {
    final int yn = targetLabels[slot];
    final int zn = sourceLabels[slot];
    if (row.length < 2 * zn) {
      row = new double[2 * zn];
    }
    final double[] block = blocks.page(blockAt[slot]);
    final int at = DoublePages.offset(blockAt[slot]);
    final int pos = positivesAt[slot];
    final boolean masks = yn <= MASK_LABELS;
    int filled = inBlock[slot];
    for (int q = from; q < to; q++) {
      long r = records[q];
      int low = (int) r;
      if (masks) {
        JointCounts.addRecord(block, at, row, positives, pos, yn, zn, theta, (int) (r >>> 32), low);
      } else {
        JointCounts.addRecord(
            block,
            at,
            row,
            positives,
            pos,
            yn,
            zn,
            theta,
            (int) (r >>> 32),
            labels,
            low + 1,
            labels[low]);
      }
      if (++filled == JointCounts.BLOCK) {
        flush(slot);
        filled = 0;
      }
    }
    inBlock[slot] = filled;
    n[slot] += to - from;
  }

  /** The slot's block into its totals by a Kahan sum; clears it. */
  private void flush(int slot) {
    final int width = 4 * targetLabels[slot] * sourceLabels[slot];
    if (totalsAt[slot] < 0) {
      totalsAt[slot] = totals.allocate(2 * width);
    }
    final double[] sum = totals.page(totalsAt[slot]);
    final int c = DoublePages.offset(totalsAt[slot]);
    final double[] b = blocks.page(blockAt[slot]);
    final int at = DoublePages.offset(blockAt[slot]);
    final int comp = c + width;
    for (int k = 0; k < width; k++) {
      double v = b[at + k] - sum[comp + k];
      double s = sum[c + k] + v;
      sum[comp + k] = (s - sum[c + k]) - v;
      sum[c + k] = s;
      b[at + k] = 0.0;
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

  /** The slot's positives per target label (a new array). */
  public long[] positivesArray(int slot) {
    return Arrays.copyOfRange(positives, positivesAt[slot], positivesAt[slot] + targetLabels[slot]);
  }

  /**
   * The slot's cells, totals, compensation and block folded together (a new array in the layout of
   * {@link JointCounts}).
   */
  public double[] jointArray(int slot) {
    int width = 4 * targetLabels[slot] * sourceLabels[slot];
    int at = DoublePages.offset(blockAt[slot]);
    double[] out = Arrays.copyOfRange(blocks.page(blockAt[slot]), at, at + width);
    if (totalsAt[slot] >= 0) {
      double[] sum = totals.page(totalsAt[slot]);
      int c = DoublePages.offset(totalsAt[slot]);
      for (int k = 0; k < width; k++) {
        out[k] = JointCounts.cell(sum[c + k], sum[c + width + k], out[k]);
      }
    }
    return out;
  }

  /** The slot as a {@link JointCounts} (new arrays). */
  public JointCounts counts(int slot) {
    return JointCounts.of(
        targetLabels[slot], sourceLabels[slot], n[slot], positivesArray(slot), jointArray(slot));
  }
}
