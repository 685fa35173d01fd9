package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Pass 1 of MELEP as a typed Spark {@link Aggregator} whose buffer is the joint-count state of one
 * (fold, checkpoint) group. Its inputs are the partial states each partition accumulated over its
 * prediction rows ({@link PartitionJointCounts}), so only these small states are shuffled, never
 * the prediction rows.
 */
public class JointCountsAggregator
    extends Aggregator<JointCountsBuffer, JointCountsBuffer, JointCountsBuffer> {
  private static final long serialVersionUID = 1L;

  @Override
  public JointCountsBuffer zero() {
    return new JointCountsBuffer();
  }

  @Override
  public JointCountsBuffer reduce(JointCountsBuffer buffer, JointCountsBuffer partial) {
    return merge(buffer, partial);
  }

  @Override
  public JointCountsBuffer merge(JointCountsBuffer a, JointCountsBuffer b) {
    if (!b.isShaped()) {
      return a;
    }
    if (!a.isShaped()) {
      return JointCountsBuffer.of(b.getFoldIndex(), b.getCheckpointIndex(), b.counts().copy());
    }
    a.set(a.counts().merge(b.counts()));
    return a;
  }

  @Override
  public JointCountsBuffer finish(JointCountsBuffer buffer) {
    return buffer;
  }

  @Override
  public Encoder<JointCountsBuffer> bufferEncoder() {
    return JointCountsBuffer.ENCODER;
  }

  @Override
  public Encoder<JointCountsBuffer> outputEncoder() {
    return JointCountsBuffer.ENCODER;
  }
}
