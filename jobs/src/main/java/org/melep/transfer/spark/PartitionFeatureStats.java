package org.melep.transfer.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.melep.transfer.FeatureStats;

/**
 * The map side of feature scoring: walks a partition's rows through the folds holding their record
 * and adds each to the {@link FeatureStats} of its (fold, checkpoint) group; emits one partial state
 * per group. Live states are bounded by a memory budget: when it is exceeded the least recently
 * used state is emitted early (merge is associative, so this only adds partial states; rows
 * clustered by group emit each state once).
 */
public final class PartitionFeatureStats implements MapPartitionsFunction<FeatureScoringRow, FeatureStatsBuffer> {
  private static final long serialVersionUID = 1L;

  private final FeatureGroups groups;
  private final long memoryBudget;

  public PartitionFeatureStats(FeatureGroups groups, long memoryBudget) {
    this.groups = groups;
    this.memoryBudget = memoryBudget;
  }

  @Override
  public Iterator<FeatureStatsBuffer> call(Iterator<FeatureScoringRow> rows) {
    return new Iterator<>() {
      private final LinkedHashMap<Long, FeatureStats> live = new LinkedHashMap<>(16, 0.75f, true);
      private final ArrayDeque<FeatureStatsBuffer> ready = new ArrayDeque<>();
      private long liveBytes;
      private boolean drained;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !drained) {
          if (rows.hasNext()) {
            add(rows.next());
          } else {
            for (Map.Entry<Long, FeatureStats> e : live.entrySet()) {
              ready.add(emit(e.getKey(), e.getValue()));
            }
            live.clear();
            drained = true;
          }
        }
        return !ready.isEmpty();
      }

      @Override
      public FeatureStatsBuffer next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void add(FeatureScoringRow row) {
        int c = groups.checkpoint(row.getCheckpoint());
        int[] m = row.getMemberships();
        for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
          int f = m[p];
          long key = FeatureGroups.key(f, c);
          FeatureStats s = live.get(key);
          if (s == null) {
            long bytes = groups.stateBytes(c, f);
            while (!live.isEmpty() && liveBytes + bytes > memoryBudget) {
              Iterator<Map.Entry<Long, FeatureStats>> eldest = live.entrySet().iterator();
              Map.Entry<Long, FeatureStats> e = eldest.next();
              eldest.remove();
              liveBytes -= groups.stateBytes((int) (long) e.getKey(), (int) (e.getKey() >>> 32));
              ready.add(emit(e.getKey(), e.getValue()));
            }
            s = groups.newState(c, f);
            live.put(key, s);
            liveBytes += bytes;
          }
          s.add(row.getFeatures(), row.getTheta(), m, p + 2, m[p + 1]);
        }
      }
    };
  }

  private static FeatureStatsBuffer emit(long key, FeatureStats s) {
    return FeatureStatsBuffer.of((int) (key >>> 32), (int) key, s);
  }
}
