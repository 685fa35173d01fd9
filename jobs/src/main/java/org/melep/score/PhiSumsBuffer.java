package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.melep.ConditionalTable;
import org.melep.melep.PhiSums;

/** The Spark aggregation buffer of {@link PhiSumsAggregator}: a {@link PhiSums} as a bean. */
public class PhiSumsBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<PhiSumsBuffer> ENCODER = Encoders.bean(PhiSumsBuffer.class);

  private String groupKey;
  private int targetLabels;
  private int sourceLabels;
  private long n;
  private double[] logSums = new double[0];
  /** The group's finished table, looked up once per buffer, not per row. */
  private transient ConditionalTable table;

  public PhiSumsBuffer() {}

  public boolean isShaped() {
    return groupKey != null;
  }

  void shape(String key, ConditionalTable t) {
    groupKey = key;
    table = t;
    targetLabels = t.targetLabels();
    sourceLabels = t.sourceLabels();
    n = 0;
    logSums = new double[targetLabels * sourceLabels];
  }

  ConditionalTable table() {
    return table;
  }

  void table(ConditionalTable t) {
    table = t;
  }

  public PhiSums sums() {
    return PhiSums.of(targetLabels, sourceLabels, n, logSums);
  }

  public String getGroupKey() {
    return groupKey;
  }

  public void setGroupKey(String groupKey) {
    this.groupKey = groupKey;
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

  public double[] getLogSums() {
    return logSums;
  }

  public void setLogSums(double[] logSums) {
    this.logSums = logSums;
  }
}
