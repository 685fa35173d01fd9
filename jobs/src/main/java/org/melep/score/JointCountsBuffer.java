package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.stats.JointCounts;

/**
 * The {@link JointCounts} of one group as a Spark bean: what a partition emits after pass 1 and the
 * buffer of {@link JointCountsAggregator}.
 */
public class JointCountsBuffer extends SummedStateBuffer {
  private static final long serialVersionUID = 1L;

  public static final Encoder<JointCountsBuffer> ENCODER = Encoders.bean(JointCountsBuffer.class);

  private long[] positives = new long[0];
  private double[] joint = new double[0];

  public JointCountsBuffer() {}

  public static JointCountsBuffer of(int foldIndex, int checkpointIndex, JointCounts c) {
    JointCountsBuffer b = new JointCountsBuffer();
    b.group(foldIndex, checkpointIndex);
    b.set(c);
    return b;
  }

  /**
   * From a state's parts (arrays not copied): the joint cells in the layout of {@link
   * JointCounts#of}.
   */
  public static JointCountsBuffer of(
      int foldIndex, int checkpointIndex, int y, int z, long n, long[] positives, double[] joint) {
    JointCountsBuffer b = new JointCountsBuffer();
    b.group(foldIndex, checkpointIndex);
    b.shape(y, z, n);
    b.positives = positives;
    b.joint = joint;
    return b;
  }

  @Override
  double[] cells() {
    return joint;
  }

  @Override
  void mergeCounts(SummedStateBuffer other) {
    long[] add = ((JointCountsBuffer) other).positives;
    for (int y = 0; y < positives.length; y++) {
      positives[y] += add[y];
    }
  }

  /** A view sharing this buffer's arrays. */
  public JointCounts counts() {
    return JointCounts.of(getTargetLabels(), getSourceLabels(), getN(), positives, joint);
  }

  public void set(JointCounts c) {
    shape(c.targetLabels(), c.sourceLabels(), c.n());
    positives = c.positivesArray();
    joint = c.jointArray();
  }

  public long[] getPositives() {
    return positives;
  }

  public void setPositives(long[] positives) {
    this.positives = positives;
  }

  /** The joint cells in the layout of {@link JointCounts#of}. */
  public double[] getJoint() {
    return joint;
  }

  public void setJoint(double[] joint) {
    this.joint = joint;
  }
}
