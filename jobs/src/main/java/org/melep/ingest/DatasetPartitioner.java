package org.melep.ingest;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.Partitioner;

/**
 * Places corpus rows (keyed by record id, {@code <dataset>/<name>}) so that each partition holds
 * one dataset only and at most about {@code recordsPerFile} records: each dataset gets {@code
 * ceil(count / recordsPerFile)} partitions and its records are spread over them by hash. Written
 * with {@code partitionBy(dataset)}, every partition becomes one bounded file.
 */
final class DatasetPartitioner extends Partitioner {
  private final TreeMap<String, int[]> ranges = new TreeMap<>(); // dataset -> {offset, count}
  private final int total;

  DatasetPartitioner(Map<String, Long> recordsByDataset, long recordsPerFile) {
    int offset = 0;
    for (Map.Entry<String, Long> e : new TreeMap<>(recordsByDataset).entrySet()) {
      int parts = (int) Math.max(1, (e.getValue() + recordsPerFile - 1) / recordsPerFile);
      ranges.put(e.getKey(), new int[] {offset, parts});
      offset += parts;
    }
    total = Math.max(1, offset);
  }

  @Override
  public int numPartitions() {
    return total;
  }

  @Override
  public int getPartition(Object key) {
    String id = (String) key;
    int slash = id.indexOf('/');
    int[] r = ranges.get(slash < 0 ? id : id.substring(0, slash));
    if (r == null) {
      return 0;
    }
    return r[0] + Math.floorMod(id.hashCode(), r[1]);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof DatasetPartitioner)) {
      return false;
    }
    DatasetPartitioner o = (DatasetPartitioner) other;
    if (o.total != total || !o.ranges.keySet().equals(ranges.keySet())) {
      return false;
    }
    for (Map.Entry<String, int[]> e : ranges.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue(), o.ranges.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return total;
  }
}
