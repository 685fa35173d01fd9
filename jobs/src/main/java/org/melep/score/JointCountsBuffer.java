package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.stats.JointCounts;

/**
 * The {@link JointCounts} of one group (fold index, checkpoint index) as a Spark bean: what a
 * partition emits after pass 1 and the buffer of {@link JointCountsAggregator}. A buffer with no
 * shape is the identity of merge (an aggregator's zero knows neither Y nor Z).
 */
public class JointCountsBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<JointCountsBuffer> ENCODER = Encoders.bean(JointCountsBuffer.class);

  private int foldIndex;
  private int checkpointIndex;
  private int targetLabels;
  private int sourceLabels;
  private long n;
  private long[] positives = new long[0];
  private double[] s1 = new double[0];
  private double[] columnSums = new double[0];

  public JointCountsBuffer() {}

  public static JointCountsBuffer of(int foldIndex, int checkpointIndex, JointCounts c) {
    JointCountsBuffer b = new JointCountsBuffer();
    b.foldIndex = foldIndex;
    b.checkpointIndex = checkpointIndex;
    b.set(c);
    return b;
  }

  public boolean isShaped() {
    return targetLabels > 0;
  }

  /** A view sharing this buffer's arrays. */
  public JointCounts counts() {
    return JointCounts.of(targetLabels, sourceLabels, n, positives, s1, columnSums);
  }

  public void set(JointCounts c) {
    targetLabels = c.targetLabels();
    sourceLabels = c.sourceLabels();
    n = c.n();
    positives = c.positivesArray();
    s1 = c.s1Array();
    columnSums = c.columnSumsArray();
  }

  public int getFoldIndex() {
    return foldIndex;
  }

  public void setFoldIndex(int foldIndex) {
    this.foldIndex = foldIndex;
  }

  public int getCheckpointIndex() {
    return checkpointIndex;
  }

  public void setCheckpointIndex(int checkpointIndex) {
    this.checkpointIndex = checkpointIndex;
  }

  public int getTargetLabels() {
    return targetLabels;
  }

  public void setTargetLabels(int targetLabels) {
    this.targetLabels = targetLabels;
  }

  public int getSourceLabels() {
    return sourceLabels;
  }

  public void setSourceLabels(int sourceLabels) {
    this.sourceLabels = sourceLabels;
  }

  public long getN() {
    return n;
  }

  public void setN(long n) {
    this.n = n;
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
