package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;
import org.melep.stats.JointCounts;

/**
 * Pass 1 of MELEP as a typed Spark {@link Aggregator}: the buffer is the {@link JointCounts} of one
 * (fold, checkpoint) group. Spark runs it map-side (partial aggregation), so only these small
 * buffers are shuffled, never the prediction rows.
 */
public class JointCountsAggregator extends Aggregator<ScoringInput, JointCountsBuffer, JointCountsBuffer> {
  private static final long serialVersionUID = 1L;

  @Override
  public JointCountsBuffer zero() {
    return new JointCountsBuffer();
  }

  @Override
  public JointCountsBuffer reduce(JointCountsBuffer buffer, ScoringInput row) {
    double[] theta = row.getTheta();
    if (!buffer.isShaped()) {
      buffer.shape(row.getTargetLabelCount(), theta.length);
    } else if (theta.length != buffer.getSourceLabels()) {
      throw new IllegalArgumentException(
          "Cannot score checkpoint " + row.getCheckpoint() + ": record " + row.getRecordId() + " has "
              + theta.length + " outputs where other records have " + buffer.getSourceLabels());
    }
    JointCounts counts = buffer.counts();
    int[] pos = row.getPositives();
    counts.add(theta, 0, pos, pos.length);
    buffer.setN(counts.n());
    return buffer;
  }

  @Override
  public JointCountsBuffer merge(JointCountsBuffer a, JointCountsBuffer b) {
    if (!b.isShaped()) {
      return a;
    }
    if (!a.isShaped()) {
      return b;
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
