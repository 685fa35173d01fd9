package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Pass 2 of MELEP as a typed Spark {@link Aggregator}: merges the per-partition {@link
 * PhiSumsBuffer}s of one group ({@link PartitionPhiSums}).
 */
public class PhiSumsAggregator extends Aggregator<PhiSumsBuffer, PhiSumsBuffer, PhiSumsBuffer> {
  private static final long serialVersionUID = 1L;

  @Override
  public PhiSumsBuffer zero() {
    return new PhiSumsBuffer();
  }

  @Override
  public PhiSumsBuffer reduce(PhiSumsBuffer buffer, PhiSumsBuffer partial) {
    return merge(buffer, partial);
  }

  @Override
  public PhiSumsBuffer merge(PhiSumsBuffer a, PhiSumsBuffer b) {
    if (!b.isShaped()) {
      return a;
    }
    if (!a.isShaped()) {
      return PhiSumsBuffer.of(b.getFoldIndex(), b.getCheckpointIndex(), b.sums().copy());
    }
    a.set(a.sums().merge(b.sums()));
    return a;
  }

  @Override
  public PhiSumsBuffer finish(PhiSumsBuffer buffer) {
    return buffer;
  }

  @Override
  public Encoder<PhiSumsBuffer> bufferEncoder() {
    return PhiSumsBuffer.ENCODER;
  }

  @Override
  public Encoder<PhiSumsBuffer> outputEncoder() {
    return PhiSumsBuffer.ENCODER;
  }
}
