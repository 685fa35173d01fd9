package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.stats.JointCounts;

/**
 * The {@link JointCounts} of one group as a Spark bean: what a partition emits after pass 1 and
 * the buffer of {@link JointCountsAggregator}.
 */
public class JointCountsBuffer extends GroupStateBuffer {
  private static final long serialVersionUID = 1L;

  public static final Encoder<JointCountsBuffer> ENCODER = Encoders.bean(JointCountsBuffer.class);

  private long[] positives = new long[0];
  private double[] s1 = new double[0];
  private double[] columnSums = new double[0];

  public JointCountsBuffer() {}

  public static JointCountsBuffer of(int foldIndex, int checkpointIndex, JointCounts c) {
    JointCountsBuffer b = new JointCountsBuffer();
    b.group(foldIndex, checkpointIndex);
    b.set(c);
    return b;
  }

  /** A view sharing this buffer's arrays. */
  public JointCounts counts() {
    return JointCounts.of(getTargetLabels(), getSourceLabels(), getN(), positives, s1, columnSums);
  }

  public void set(JointCounts c) {
    shape(c.targetLabels(), c.sourceLabels(), c.n());
    positives = c.positivesArray();
    s1 = c.s1Array();
    columnSums = c.columnSumsArray();
  }

  public long[] getPositives() {
    return positives;
  }

  public void setPositives(long[] positives) {
    this.positives = positives;
  }

  public double[] getS1() {
    return s1;
  }

  public void setS1(double[] s1) {
    this.s1 = s1;
  }

  public double[] getColumnSums() {
    return columnSums;
  }

  public void setColumnSums(double[] columnSums) {
    this.columnSums = columnSums;
  }
}
