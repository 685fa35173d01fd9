package org.melep.transfer.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.melep.transfer.FeatureStats;

/**
 * The map side of feature scoring: reads a partition's rows in chunks of at most {@code chunkBytes}
 * (features, outputs and memberships), and within a chunk feeds the rows group by group (a counting
 * sort of the (row, fold) pairs): each (fold, checkpoint) group of the chunk gets one {@link
 * FeatureStats}, filled, emitted and dropped before the next, so a task holds one group state (D x
 * D doubles for the Gram matrix) at a time however many groups there are, and emits one partial
 * state per group and chunk. The fold x record expansion happens here, never as Spark rows.
 */
public final class PartitionFeatureStats
    implements MapPartitionsFunction<FeatureScoringRow, FeatureStatsBuffer> {
  private static final long serialVersionUID = 1L;

  private final FeatureGroups groups;
  private final long chunkBytes;

  public PartitionFeatureStats(FeatureGroups groups, long chunkBytes) {
    this.groups = groups;
    this.chunkBytes = chunkBytes;
  }

  @Override
  public Iterator<FeatureStatsBuffer> call(Iterator<FeatureScoringRow> rows) {
    int folds = groups.folds();
    int groupCount = groups.checkpoints() * folds;
    return new Iterator<>() {
      private final List<FeatureScoringRow> chunk = new ArrayList<>();
      private final int[] start = new int[groupCount + 1];
      private int[] pairRow = new int[0];
      private int[] pairOffset = new int[0];
      private int nextGroup = groupCount;

      @Override
      public boolean hasNext() {
        while (true) {
          while (nextGroup < groupCount && start[nextGroup] == start[nextGroup + 1]) {
            nextGroup++;
          }
          if (nextGroup < groupCount) {
            return true;
          }
          if (!rows.hasNext()) {
            return false;
          }
          readChunk();
        }
      }

      @Override
      public FeatureStatsBuffer next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int g = nextGroup++;
        int c = g / folds;
        int f = g % folds;
        FeatureStats s = groups.newState(c, f);
        for (int k = start[g]; k < start[g + 1]; k++) {
          FeatureScoringRow row = chunk.get(pairRow[k]);
          int[] m = row.getMemberships();
          int p = pairOffset[k];
          s.add(row.getFeatures(), row.getTheta(), m, p + 2, m[p + 1]);
        }
        return FeatureStatsBuffer.of(f, c, s);
      }

      private void readChunk() {
        chunk.clear();
        java.util.Arrays.fill(start, 0);
        long bytes = 0;
        int pairs = 0;
        int[] checkpointOf = new int[16];
        while (rows.hasNext() && (chunk.isEmpty() || bytes < chunkBytes)) {
          FeatureScoringRow row = rows.next();
          int c = groups.checkpoint(row.getCheckpoint());
          int[] m = row.getMemberships();
          for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
            start[c * folds + m[p] + 1]++;
            pairs++;
          }
          if (chunk.size() == checkpointOf.length) {
            checkpointOf = java.util.Arrays.copyOf(checkpointOf, 2 * checkpointOf.length);
          }
          checkpointOf[chunk.size()] = c;
          chunk.add(row);
          bytes += 64 + 4L * row.getFeatures().length + 8L * row.getTheta().length + 4L * m.length;
        }
        for (int g = 0; g < groupCount; g++) {
          start[g + 1] += start[g];
        }
        if (pairRow.length < pairs) {
          pairRow = new int[pairs];
          pairOffset = new int[pairs];
        }
        int[] next = java.util.Arrays.copyOf(start, groupCount);
        for (int i = 0; i < chunk.size(); i++) {
          int[] m = chunk.get(i).getMemberships();
          for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
            int slot = next[checkpointOf[i] * folds + m[p]]++;
            pairRow[slot] = i;
            pairOffset[slot] = p;
          }
        }
        nextGroup = 0;
      }
    };
  }
}
