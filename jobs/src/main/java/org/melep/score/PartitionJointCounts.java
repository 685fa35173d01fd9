package org.melep.score;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.melep.stats.JointCounts;

/**
 * Pass 1 inside one partition: adds every prediction row to the {@link JointCounts} of each fold
 * holding its record, and emits one partial state per group touched. The map-side half of the
 * aggregation; {@link JointCountsAggregator} merges the partials.
 */
public final class PartitionJointCounts implements MapPartitionsFunction<ScoringInput, JointCountsBuffer> {
  private static final long serialVersionUID = 1L;

  private final GroupIndex index;

  public PartitionJointCounts(GroupIndex index) {
    this.index = index;
  }

  @Override
  public Iterator<JointCountsBuffer> call(Iterator<ScoringInput> rows) {
    JointCounts[][] state = new JointCounts[index.checkpoints()][];
    while (rows.hasNext()) {
      ScoringInput row = rows.next();
      int c = index.checkpoint(row.getCheckpoint());
      if (state[c] == null) {
        state[c] = new JointCounts[index.folds()];
      }
      JointCounts[] perFold = state[c];
      double[] theta = row.getTheta();
      int[] m = row.getMemberships();
      for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
        int f = m[p];
        JointCounts counts = perFold[f];
        if (counts == null) {
          counts = JointCounts.empty(index.targetLabels(f), index.sourceLabels(c));
          perFold[f] = counts;
        }
        counts.add(theta, 0, m, p + 2, m[p + 1]);
      }
    }
    List<JointCountsBuffer> out = new ArrayList<>();
    for (int c = 0; c < state.length; c++) {
      if (state[c] != null) {
        for (int f = 0; f < state[c].length; f++) {
          if (state[c][f] != null) {
            out.add(JointCountsBuffer.of(f, c, state[c][f]));
          }
        }
      }
    }
    return out.iterator();
  }
}
