package org.melep.stats;

import java.util.Arrays;

/**
 * The pass-1 states of many groups in flat primitive arrays: what one Spark task accumulates for
 * every group its rows touch, without an object per group. A group gets a dense slot ({@link
 * #open}); its cells live in one shared slab of doubles at the slot's offset, in the layout of
 * {@link JointCounts}, its positives in a shared array of longs.
 *
 * <p>Records come in runs of one slot ({@link #add}): a run is summed by plain addition into a
 * scratch block (the loop of {@link JointCounts}) that goes into the slot's cells by a Kahan sum
 * every {@value JointCounts#BLOCK} records and at the end of the run. The first flush into a fresh
 * slot is exact (0 + v), so a slot's compensation array is only allocated at its second flush: a
 * million small groups cost {@code 4 Y Z} doubles each. The same error bound as {@link
 * JointCounts}: blocks of at most {@value JointCounts#BLOCK} plain non-negative terms, compensated
 * totals.
 */
public final class JointCountsSlab {
  private int slots;
  private int[] targetLabels = new int[16];
  private int[] sourceLabels = new int[16];
  private long[] n = new long[16];
  private int[] cellsAt = new int[16];
  private int[] positivesAt = new int[16];
  private int[] compensationAt = new int[16];

  /** {@link #compensationAt} of a slot without flushed records, and of one flushed once. */
  private static final int NEVER_FLUSHED = -2;

  private static final int NO_COMPENSATION = -1;

  private double[] cells = new double[256];
  private int cellsTop;
  private long[] positives = new long[64];
  private int positivesTop;
  private double[] compensation = new double[0];
  private int compensationTop;

  private double[] block = new double[0];
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
      cellsAt = Arrays.copyOf(cellsAt, m);
      positivesAt = Arrays.copyOf(positivesAt, m);
      compensationAt = Arrays.copyOf(compensationAt, m);
    }
    int width = 4 * y * z;
    cells = fit(cells, cellsTop + width);
    if (positivesTop + y > positives.length) {
      positives = Arrays.copyOf(positives, Math.max(positivesTop + y, 2 * positives.length));
    }
    int s = slots++;
    targetLabels[s] = y;
    sourceLabels[s] = z;
    cellsAt[s] = cellsTop;
    positivesAt[s] = positivesTop;
    compensationAt[s] = NEVER_FLUSHED;
    cellsTop += width;
    positivesTop += y;
    return s;
  }

  private static double[] fit(double[] a, long need) {
    if (need > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("Cannot hold the group states: more than 2^31 cells");
    }
    return need <= a.length
        ? a
        : Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(need, 2L * a.length)));
  }

  /**
   * Target labels up to which a record's positives travel as a bit mask in {@link #add}'s records.
   */
  public static final int MASK_LABELS = 32;

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
    final int width = 4 * yn * zn;
    if (block.length < width) {
      block = new double[width];
    }
    if (row.length < 2 * zn) {
      row = new double[2 * zn];
    }
    final double[] b = block;
    final int pos = positivesAt[slot];
    int inBlock = 0;
    final boolean masks = yn <= MASK_LABELS;
    for (int q = from; q < to; q++) {
      long r = records[q];
      int low = (int) r;
      if (masks) {
        JointCounts.addRecord(b, row, positives, pos, yn, zn, theta, (int) (r >>> 32), low);
      } else {
        JointCounts.addRecord(
            b, row, positives, pos, yn, zn, theta, (int) (r >>> 32), labels, low + 1, labels[low]);
      }
      if (++inBlock == JointCounts.BLOCK) {
        flush(slot, width);
        inBlock = 0;
      }
    }
    if (inBlock > 0) {
      flush(slot, width);
    }
    n[slot] += to - from;
  }

  /** The block into the slot's cells: plain store when fresh, else a Kahan sum; clears it. */
  private void flush(int slot, int width) {
    final double[] sum = cells;
    final double[] b = block;
    final int at = cellsAt[slot];
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
      compensation = fit(compensation, compensationTop + width);
      c = compensationAt[slot] = compensationTop;
      compensationTop += width;
    }
    final double[] comp = compensation;
    for (int k = 0; k < width; k++) {
      double v = b[k] - comp[c + k];
      double s = sum[at + k] + v;
      comp[c + k] = (s - sum[at + k]) - v;
      sum[at + k] = s;
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

  /** The slot's positives per target label (a new array). */
  public long[] positivesArray(int slot) {
    return Arrays.copyOfRange(positives, positivesAt[slot], positivesAt[slot] + targetLabels[slot]);
  }

  /**
   * The slot's cells, compensation folded in (a new array in the layout of {@link JointCounts}).
   */
  public double[] jointArray(int slot) {
    int width = 4 * targetLabels[slot] * sourceLabels[slot];
    int at = cellsAt[slot];
    double[] out = Arrays.copyOfRange(cells, at, at + width);
    int c = compensationAt[slot];
    if (c >= 0) {
      for (int k = 0; k < width; k++) {
        out[k] -= compensation[c + k];
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
