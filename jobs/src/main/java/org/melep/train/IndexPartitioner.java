package org.melep.train;

import org.apache.spark.Partitioner;

/** Partition {@code k} holds key {@code k}: one partition, hence one Spark task, per grid cell. */
final class IndexPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int n;

  IndexPartitioner(int n) {
    this.n = n;
  }

  @Override
  public int numPartitions() {
    return n;
  }

  @Override
  public int getPartition(Object key) {
    return (Integer) key;
  }
}
