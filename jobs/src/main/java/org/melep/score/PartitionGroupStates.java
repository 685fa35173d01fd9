package org.melep.score;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.melep.stats.JointCountsSlab;

/**
 * The map-side half of a MELEP pass: walks every prediction row of a partition through the folds
 * holding its record (the flat {@link ScoringInput#getMemberships()} encoding), feeds it to the
 * state of each (checkpoint, fold) group, and emits one partial state per group touched. The fold x
 * record expansion happens here, never as Spark rows.
 *
 * <p>The states are flat: a per-partition accumulator {@code S} (slabs of primitive arrays) holds
 * every group the partition touches at a dense slot; nothing in the loop allocates an object per
 * group or per row.
 *
 * @param <S> the per-partition accumulator
 * @param <B> the emitted bean
 */
abstract class PartitionGroupStates<S, B> implements MapPartitionsFunction<ScoringInput, B> {
  private static final long serialVersionUID = 1L;

  protected final GroupIndex index;

  PartitionGroupStates(GroupIndex index) {
    this.index = index;
  }

  /** A fresh accumulator for one partition (e.g. after reading a broadcast). */
  abstract S open();

  /** A new slot for the group, on its first row in this partition. */
  abstract int newState(S states, int checkpoint, int fold);

  /**
   * Adds a run of records of one slot (group {@code checkpoint * folds + fold}): record q ({@code
   * from <= q < to}) is {@code records[q]} in the encoding of {@link JointCountsSlab#add}.
   */
  abstract void add(
      S states,
      int slot,
      int group,
      double[] theta,
      int[] labels,
      long[] records,
      int from,
      int to);

  abstract B emit(S states, int slot, int checkpoint, int fold);

  /** Rows of the first chunk. */
  static final int FIRST_CHUNK_ROWS = 2048;

  /** Bounds of a chunk: rows, (row, group) pairs, theta values and label entries (64 MB, 32 MB). */
  static final int MAX_CHUNK_ROWS = 1 << 20;

  static final int MAX_CHUNK_PAIRS = 1 << 23;
  static final int MAX_CHUNK_VALUES = 1 << 23;

  /**
   * A chunk whose groups get fewer (row, group) pairs than this on average makes the next chunks as
   * large as the bounds allow.
   */
  static final int PAIRS_PER_GROUP = 8;

  /**
   * Reads the partition in chunks of rows, copies each chunk's theta rows into one flat array and
   * sorts its (row, group) pairs by group (a counting sort over per-group counts, the groups in
   * group order) into one {@code long} per pair: the row's theta offset and its positives (a bit
   * mask, or an offset into a flat label array for folds of more than {@value
   * JointCountsSlab#MASK_LABELS} labels). The pairs are then replayed group by group: a group's
   * state and conditional table are read once per chunk and stay in the CPU cache for all its rows
   * of the chunk, and successive groups' states and tables are near each other in memory. The
   * result does not depend on the order.
   *
   * <p>Flat in the number of groups: the work per row is proportional to its memberships; a chunk
   * starts at {@value #FIRST_CHUNK_ROWS} rows (a few hundred groups: rows stay in cache); when its
   * groups got fewer than {@value #PAIRS_PER_GROUP} pairs each on average or their states outweigh
   * its rows, the next chunks are as large as the bounds allow (a million small groups, or ten
   * thousand large ones: each group's state and table are touched a few times per partition, not
   * once per chunk of a few rows each); see {@link #nextChunkRows}.
   */
  /**
   * Rows of the next chunk after one of {@code pairs} (row, group) pairs over {@code groups} groups
   * whose states hold {@code stateCells} cells (Y Z per group) and whose rows hold {@code values}
   * theta values: as large as the bounds allow ({@value #MAX_CHUNK_ROWS}) when its groups got fewer
   * than {@value #PAIRS_PER_GROUP} pairs each, or when their states are larger than its rows (each
   * chunk reads and writes every state it touches: with states of 10 x 20 labels and 2,048-row
   * chunks of 20 outputs, the states, not the rows, were the memory traffic, and a pass over 10,000
   * such groups ran 13-18% faster with the large chunks); else unchanged.
   */
  static int nextChunkRows(int limit, long pairs, int groups, long stateCells, long values) {
    return pairs < (long) PAIRS_PER_GROUP * groups || stateCells > values ? MAX_CHUNK_ROWS : limit;
  }

  @Override
  public Iterator<B> call(Iterator<ScoringInput> rows) {
    final S states = open();
    final int folds = index.folds();
    long groupCount = (long) index.checkpoints() * folds;
    if (groupCount > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "Cannot score: " + groupCount + " (fold, checkpoint) groups, at most 2^31");
    }
    final int groups = (int) groupCount;
    int[] slotOf = new int[groups]; // group -> partition slot + 1, 0: none yet
    int[] groupOf = new int[64]; // partition slot -> group
    int slots = 0;
    // group -> its pairs in the chunk; after the prefix sums its next position, then its end
    int[] countOf = new int[groups];
    int[] touched = new int[64]; // the chunk's groups, then in group order
    boolean anyWide = false; // a fold with more target labels than a mask holds
    for (int f = 0; f < folds; f++) {
      anyWide |= index.targetLabels(f) > JointCountsSlab.MASK_LABELS;
    }
    ScoringInput[] chunk = new ScoringInput[FIRST_CHUNK_ROWS];
    int[] checkpointOf = new int[FIRST_CHUNK_ROWS];
    double[] theta = new double[1024];
    int[] labels = new int[anyWide ? 1024 : 0];
    long[] records = new long[0]; // the chunk's pairs in group order (JointCountsSlab#add)
    int limit = FIRST_CHUNK_ROWS;
    while (rows.hasNext()) {
      int n = 0;
      int pairs = 0;
      int chunkGroups = 0;
      int values = 0;
      int labelTop = 0;
      while (n < limit
          && pairs < MAX_CHUNK_PAIRS
          && values < MAX_CHUNK_VALUES
          && labelTop < MAX_CHUNK_VALUES
          && rows.hasNext()) {
        ScoringInput row = rows.next();
        int c = index.checkpoint(row.getCheckpoint());
        int[] m = row.getMemberships();
        double[] th = row.getTheta();
        if (values + th.length > theta.length) {
          theta = Arrays.copyOf(theta, Math.max(values + th.length, 2 * theta.length));
        }
        System.arraycopy(th, 0, theta, values, th.length);
        values += th.length;
        final int base = c * folds;
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          int g = base + m[p];
          if (countOf[g]++ == 0) {
            if (chunkGroups == touched.length) {
              touched = Arrays.copyOf(touched, 2 * chunkGroups);
            }
            touched[chunkGroups++] = g;
          }
          pairs++;
          if (anyWide && index.targetLabels(m[p]) > JointCountsSlab.MASK_LABELS) {
            labelTop += 1 + m[p + 1];
          }
        }
        if (n == chunk.length) {
          chunk = Arrays.copyOf(chunk, 2 * n);
          checkpointOf = Arrays.copyOf(checkpointOf, 2 * n);
        }
        chunk[n] = row;
        checkpointOf[n++] = c;
      }
      // the chunk's groups in group order (a scan of all groups when the chunk touches many, else
      // a sort), then each one's first pair (prefix sums in that order)
      if ((long) chunkGroups * 16 > groups) {
        int k = 0;
        for (int g = 0; k < chunkGroups; g++) {
          if (countOf[g] != 0) {
            touched[k++] = g;
          }
        }
      } else {
        Arrays.sort(touched, 0, chunkGroups);
      }
      int at = 0;
      long stateCells = 0; // the touched groups' state cells (Y Z each)
      for (int k = 0; k < chunkGroups; k++) {
        int g = touched[k];
        int c = countOf[g];
        countOf[g] = at;
        at += c;
        stateCells += (long) index.targetLabels(g % folds) * index.sourceLabels(g / folds);
      }
      if (records.length < pairs) {
        records = new long[Math.max(pairs, 2 * records.length)];
      }
      if (labels.length < labelTop) {
        labels = new int[Math.max(labelTop, 2 * labels.length)];
      }
      long thetaAt = 0;
      int labelsAt = 0;
      for (int i = 0; i < n; i++) {
        ScoringInput row = chunk[i];
        int[] m = row.getMemberships();
        final int base = checkpointOf[i] * folds;
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          int k = m[p + 1];
          long low;
          if (anyWide && index.targetLabels(m[p]) > JointCountsSlab.MASK_LABELS) {
            System.arraycopy(m, p + 1, labels, labelsAt, k + 1); // k, then the positives
            low = labelsAt;
            labelsAt += k + 1;
          } else {
            int mask = 0;
            for (int j = p + 2; j < p + 2 + k; j++) {
              mask |= 1 << m[j];
            }
            low = mask & 0xffffffffL;
          }
          records[countOf[base + m[p]]++] = thetaAt << 32 | low;
        }
        thetaAt += row.getTheta().length;
        chunk[i] = null;
      }
      // countOf[g] is now the end of the group's pairs
      int from = 0;
      for (int k = 0; k < chunkGroups; k++) {
        int g = touched[k];
        int to = countOf[g];
        countOf[g] = 0;
        int slot = slotOf[g] - 1;
        if (slot < 0) {
          slot = newState(states, g / folds, g % folds);
          if (slot != slots) {
            throw new IllegalStateException("Cannot score: slots out of order");
          }
          if (slots == groupOf.length) {
            groupOf = Arrays.copyOf(groupOf, 2 * slots);
          }
          groupOf[slots++] = g;
          slotOf[g] = slot + 1;
        }
        add(states, slot, g, theta, labels, records, from, to);
        from = to;
      }
      limit = nextChunkRows(limit, pairs, chunkGroups, stateCells, values);
    }
    final int emitted = slots;
    final int[] groupOfSlot = groupOf;
    return new Iterator<B>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < emitted;
      }

      @Override
      public B next() {
        if (next >= emitted) {
          throw new NoSuchElementException();
        }
        int g = groupOfSlot[next];
        return emit(states, next++, g / folds, g % folds);
      }
    };
  }
}
