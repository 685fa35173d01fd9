package org.melep.score;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.melep.melep.ConditionalTable;
import org.melep.melep.PhiSums;

/**
 * Pass 2 inside one partition: with the finished conditional tables of pass 1 (broadcast, indexed
 * [checkpoint][fold]), adds every prediction row to the {@link PhiSums} of each fold holding its
 * record and emits one partial state per group touched.
 */
public final class PartitionPhiSums implements MapPartitionsFunction<ScoringInput, PhiSumsBuffer> {
  private static final long serialVersionUID = 1L;

  private final GroupIndex index;
  private final Broadcast<ConditionalTable[][]> tables;

  public PartitionPhiSums(GroupIndex index, Broadcast<ConditionalTable[][]> tables) {
    this.index = index;
    this.tables = tables;
  }

  @Override
  public Iterator<PhiSumsBuffer> call(Iterator<ScoringInput> rows) {
    ConditionalTable[][] finished = tables.value();
    PhiSums[][] state = new PhiSums[index.checkpoints()][];
    while (rows.hasNext()) {
      ScoringInput row = rows.next();
      int c = index.checkpoint(row.getCheckpoint());
      if (state[c] == null) {
        state[c] = new PhiSums[index.folds()];
      }
      PhiSums[] perFold = state[c];
      double[] theta = row.getTheta();
      int[] m = row.getMemberships();
      for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
        int f = m[p];
        PhiSums sums = perFold[f];
        if (sums == null) {
          sums = PhiSums.empty(index.targetLabels(f), index.sourceLabels(c));
          perFold[f] = sums;
        }
        ConditionalTable table = finished[c][f];
        if (table == null) {
          throw new IllegalStateException(
              "Cannot run pass 2: no pass-1 table for fold #" + f + " and checkpoint " + row.getCheckpoint());
        }
        sums.add(table, theta, 0, m, p + 2, m[p + 1]);
      }
    }
    List<PhiSumsBuffer> out = new ArrayList<>();
    for (int c = 0; c < state.length; c++) {
      if (state[c] != null) {
        for (int f = 0; f < state[c].length; f++) {
          if (state[c][f] != null) {
            out.add(PhiSumsBuffer.of(f, c, state[c][f]));
          }
        }
      }
    }
    return out.iterator();
  }
}
