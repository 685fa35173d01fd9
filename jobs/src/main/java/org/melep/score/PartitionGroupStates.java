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

  @Override
  @SuppressWarnings("unchecked")
  public Iterator<B> call(Iterator<ScoringInput> rows) {
    open();
    Object[][] state = new Object[index.checkpoints()][];
    while (rows.hasNext()) {
      ScoringInput row = rows.next();
      int c = index.checkpoint(row.getCheckpoint());
      if (state[c] == null) {
        state[c] = new Object[index.folds()];
      }
      Object[] perFold = state[c];
      int[] m = row.getMemberships();
      for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
        int f = m[p];
        if (perFold[f] == null) {
          perFold[f] = newState(c, f);
        }
        add((S) perFold[f], c, f, row, m, p + 2, m[p + 1]);
      }
    }
    List<B> out = new ArrayList<>();
    for (int c = 0; c < state.length; c++) {
      if (state[c] != null) {
        for (int f = 0; f < state[c].length; f++) {
          if (state[c][f] != null) {
            out.add(emit(c, f, (S) state[c][f]));
          }
        }
      }
    }
    return out.iterator();
  }
}
