package org.melep.stats;

import java.util.Arrays;

/**
 * Contiguous runs of doubles handed out from fixed-size pages: what the group-state slabs keep
 * their cells in. Growing never copies a cell nor allocates one huge array (a slab of 10,000 groups
 * of 10 x 20 labels grew by doubling through a quarter of a gigabyte per task and pass, each step a
 * humongous allocation for the garbage collector); a run never spans two pages, a run wider than a
 * page gets a page of its own. Cells start at zero.
 */
public final class DoublePages {
  /**
   * Doubles per page: 512 KB, an ordinary allocation for G1 with its default regions (scoring
   * benchmark, 8 GB heap, the warm runs of one job-only run: GC pauses 1.8 s over five runs,
   * against 2.5 s over five with 2 MB pages, which G1 allocates as humongous objects, and 2.6 s
   * over four with the doubling arrays before; see docs/scoring.md).
   */
  static final int PAGE = 1 << 16;

  private double[][] pages = new double[4][];
  private int count;
  private int top; // doubles used in the last page

  /** A new run of {@code width} zeros; its handle for {@link #page} and {@link #offset}. */
  public long allocate(int width) {
    if (width < 0) {
      throw new IllegalArgumentException("Cannot allocate " + width + " cells");
    }
    if (count == 0 || top + width > pages[count - 1].length) {
      if (count == pages.length) {
        pages = Arrays.copyOf(pages, 2 * count);
      }
      pages[count++] = new double[Math.max(PAGE, width)];
      top = 0;
    }
    long handle = (long) (count - 1) << 32 | top;
    top += width;
    return handle;
  }

  /** The page holding the run. */
  public double[] page(long handle) {
    return pages[(int) (handle >>> 32)];
  }

  /** Where the run starts in its {@link #page}. */
  public static int offset(long handle) {
    return (int) handle;
  }
}
