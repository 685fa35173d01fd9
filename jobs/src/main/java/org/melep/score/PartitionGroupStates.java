package org.melep.score;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;

/**
 * The map-side half of a MELEP pass: walks every prediction row of a partition through the folds
 * holding its record (the flat {@link ScoringInput#getMemberships()} encoding), feeds it to the
 * state of each (checkpoint, fold) group, and emits one partial state per group touched. The fold x
 * record expansion happens here, never as Spark rows.
 *
 * @param <S> the per-group state
 * @param <B> the emitted bean
 */
abstract class PartitionGroupStates<S, B> implements MapPartitionsFunction<ScoringInput, B> {
  private static final long serialVersionUID = 1L;

  protected final GroupIndex index;

  PartitionGroupStates(GroupIndex index) {
    this.index = index;
  }

  /** A fresh state for the group, called on its first row in this partition. */
  abstract S newState(int checkpoint, int fold);

  /** Adds one row; its positives are {@code memberships[from .. from + count)}. */
  abstract void add(
      S state, int checkpoint, int fold, ScoringInput row, int[] memberships, int from, int count);

  abstract B emit(int checkpoint, int fold, S state);

  /** Called once per partition before the first row (e.g. to read a broadcast). */
  void open() {}

  /** Rows buffered before their (row, fold) pairs are replayed group by group. */
  static final int CHUNK_ROWS = 2048;

  /**
   * Reads the partition in chunks of {@value #CHUNK_ROWS} rows and, within a chunk, feeds the rows
   * group by group (a counting sort of the (row, fold) pairs by group): a group's state and
   * conditional table then stay in the CPU cache for all its rows of the chunk, instead of every
   * row visiting the states of all its folds in turn. The result does not depend on the order.
   *
   * <p>Flat in the number of groups: a chunk only visits the groups its rows belong to (each row's
   * memberships name them), so the work per row is proportional to its memberships, whether the run
   * has a hundred groups or millions; nothing loops over all groups except the one-time allocation
   * of the group-to-state table.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Iterator<B> call(Iterator<ScoringInput> rows) {
    open();
    final int folds = index.folds();
    int groups = index.checkpoints() * folds;
    Object[] state = new Object[groups];
    int[] emitted = new int[64]; // groups with a state, in order of their first row
    int states = 0;
    int[] slotOf = new int[groups]; // group -> its slot in this chunk + 1, 0 = not in the chunk
    int[] touched = new int[64]; // slot -> group
    int[] start = new int[65]; // slot -> first pair (after the prefix sum)
    ScoringInput[] chunk = new ScoringInput[CHUNK_ROWS];
    int[] checkpointOf = new int[CHUNK_ROWS];
    int[] pairRow = new int[0];
    int[] pairOffset = new int[0];
    while (rows.hasNext()) {
      int n = 0;
      int pairs = 0;
      int slots = 0;
      while (n < CHUNK_ROWS && rows.hasNext()) {
        ScoringInput row = rows.next();
        int c = index.checkpoint(row.getCheckpoint());
        int[] m = row.getMemberships();
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          int g = c * folds + m[p];
          int slot = slotOf[g] - 1;
          if (slot < 0) {
            if (slots == touched.length) {
              touched = java.util.Arrays.copyOf(touched, 2 * slots);
              start = java.util.Arrays.copyOf(start, 2 * slots + 1);
            }
            slot = slots++;
            slotOf[g] = slot + 1;
            touched[slot] = g;
            start[slot + 1] = 0;
          }
          start[slot + 1]++;
          pairs++;
        }
        chunk[n] = row;
        checkpointOf[n++] = c;
      }
      start[0] = 0;
      for (int k = 0; k < slots; k++) {
        start[k + 1] += start[k];
      }
      if (pairRow.length < pairs) {
        pairRow = new int[pairs];
        pairOffset = new int[pairs];
      }
      int[] next = java.util.Arrays.copyOf(start, slots);
      for (int i = 0; i < n; i++) {
        int[] m = chunk[i].getMemberships();
        int base = checkpointOf[i] * folds;
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          int at = next[slotOf[base + m[p]] - 1]++;
          pairRow[at] = i;
          pairOffset[at] = p;
        }
      }
      for (int k = 0; k < slots; k++) {
        int g = touched[k];
        slotOf[g] = 0;
        int c = g / folds;
        int f = g % folds;
        if (state[g] == null) {
          state[g] = newState(c, f);
          if (states == emitted.length) {
            emitted = java.util.Arrays.copyOf(emitted, 2 * states);
          }
          emitted[states++] = g;
        }
        S st = (S) state[g];
        for (int q = start[k]; q < start[k + 1]; q++) {
          ScoringInput row = chunk[pairRow[q]];
          int[] m = row.getMemberships();
          int p = pairOffset[q];
          add(st, c, f, row, m, p + 2, m[p + 1]);
        }
      }
      java.util.Arrays.fill(chunk, 0, n, null);
    }
    List<B> out = new ArrayList<>(states);
    for (int e = 0; e < states; e++) {
      int g = emitted[e];
      out.add(emit(g / folds, g % folds, (S) state[g]));
      state[g] = null;
    }
    return out.iterator();
  }
}
