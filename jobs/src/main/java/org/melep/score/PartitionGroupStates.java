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
  abstract void add(S state, int checkpoint, int fold, ScoringInput row, int[] memberships, int from, int count);

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
   */
  @Override
  @SuppressWarnings("unchecked")
  public Iterator<B> call(Iterator<ScoringInput> rows) {
    open();
    int groups = index.checkpoints() * index.folds();
    Object[] state = new Object[groups];
    int[] start = new int[groups + 1];
    ScoringInput[] chunk = new ScoringInput[CHUNK_ROWS];
    int[] checkpointOf = new int[CHUNK_ROWS];
    int[] pairRow = new int[0];
    int[] pairOffset = new int[0];
    while (rows.hasNext()) {
      int n = 0;
      int pairs = 0;
      while (n < CHUNK_ROWS && rows.hasNext()) {
        ScoringInput row = rows.next();
        int c = index.checkpoint(row.getCheckpoint());
        int[] m = row.getMemberships();
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          start[c * index.folds() + m[p] + 1]++;
          pairs++;
        }
        chunk[n] = row;
        checkpointOf[n++] = c;
      }
      for (int g = 0; g < groups; g++) {
        start[g + 1] += start[g];
      }
      if (pairRow.length < pairs) {
        pairRow = new int[pairs];
        pairOffset = new int[pairs];
      }
      int[] next = java.util.Arrays.copyOf(start, groups);
      for (int i = 0; i < n; i++) {
        int[] m = chunk[i].getMemberships();
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          int slot = next[checkpointOf[i] * index.folds() + m[p]]++;
          pairRow[slot] = i;
          pairOffset[slot] = p;
        }
      }
      for (int g = 0; g < groups; g++) {
        if (start[g] == start[g + 1]) {
          continue;
        }
        int c = g / index.folds();
        int f = g % index.folds();
        if (state[g] == null) {
          state[g] = newState(c, f);
        }
        S s = (S) state[g];
        for (int k = start[g]; k < start[g + 1]; k++) {
          ScoringInput row = chunk[pairRow[k]];
          int[] m = row.getMemberships();
          int p = pairOffset[k];
          add(s, c, f, row, m, p + 2, m[p + 1]);
        }
      }
      java.util.Arrays.fill(start, 0);
      java.util.Arrays.fill(chunk, 0, n, null);
    }
    List<B> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      if (state[g] != null) {
        out.add(emit(g / index.folds(), g % index.folds(), (S) state[g]));
      }
    }
    return out.iterator();
  }
}
