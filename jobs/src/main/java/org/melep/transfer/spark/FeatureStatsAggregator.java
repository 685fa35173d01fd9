package org.melep.transfer.spark;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Merges the partial {@link org.melep.transfer.FeatureStats} that partitions emitted for one (fold,
 * checkpoint) group (a typed Spark {@link Aggregator}, as {@code JointCountsAggregator}): only
 * these states are shuffled, never the prediction or feature rows.
 */
public class FeatureStatsAggregator
    extends Aggregator<FeatureStatsBuffer, FeatureStatsBuffer, FeatureStatsBuffer> {
  private static final long serialVersionUID = 1L;

  @Override
  public FeatureStatsBuffer zero() {
    return new FeatureStatsBuffer();
  }

  @Override
  public FeatureStatsBuffer reduce(FeatureStatsBuffer buffer, FeatureStatsBuffer partial) {
    return merge(buffer, partial);
  }

  @Override
  public FeatureStatsBuffer merge(FeatureStatsBuffer a, FeatureStatsBuffer b) {
    if (!b.isShaped()) {
      return a;
    }
    if (!a.isShaped()) {
      return FeatureStatsBuffer.of(b.getFoldIndex(), b.getCheckpointIndex(), b.stats().copy());
    }
    a.set(a.stats().merge(b.stats()));
    return a;
  }

  @Override
  public FeatureStatsBuffer finish(FeatureStatsBuffer buffer) {
    return buffer;
  }

  @Override
  public Encoder<FeatureStatsBuffer> bufferEncoder() {
    return FeatureStatsBuffer.ENCODER;
  }

  @Override
  public Encoder<FeatureStatsBuffer> outputEncoder() {
    return FeatureStatsBuffer.ENCODER;
  }
}
