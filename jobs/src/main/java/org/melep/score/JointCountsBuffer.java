package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.stats.JointCounts;

/**
 * The Spark aggregation buffer of {@link JointCountsAggregator}: the arrays of a {@link
 * JointCounts} as a bean. Shaped lazily by the first record (an aggregator's zero does not know Y
 * and Z); an unshaped buffer is the identity of merge.
 */
public class JointCountsBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<JointCountsBuffer> ENCODER = Encoders.bean(JointCountsBuffer.class);

  private int targetLabels;
  private int sourceLabels;
  private long n;
  private long[] positives = new long[0];
  private double[] s1 = new double[0];
  private double[] columnSums = new double[0];

  public JointCountsBuffer() {}

  public boolean isShaped() {
    return targetLabels > 0;
  }

  /** Shapes an unshaped buffer for Y target and Z source labels. */
  public void shape(int y, int z) {
    JointCounts empty = JointCounts.empty(y, z);
    set(empty);
  }

  /** A view sharing this buffer's arrays; write back {@code n} with {@link #set} after adding. */
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
