package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.melep.melep.PhiSums;

/** The {@link PhiSums} of one group as a Spark bean: pass-2 partial state and aggregation buffer. */
public class PhiSumsBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<PhiSumsBuffer> ENCODER = Encoders.bean(PhiSumsBuffer.class);

  private int foldIndex;
  private int checkpointIndex;
  private int targetLabels;
  private int sourceLabels;
  private long n;
  private double[] logSums = new double[0];

  public PhiSumsBuffer() {}

  public static PhiSumsBuffer of(int foldIndex, int checkpointIndex, PhiSums s) {
    PhiSumsBuffer b = new PhiSumsBuffer();
    b.foldIndex = foldIndex;
    b.checkpointIndex = checkpointIndex;
    b.set(s);
    return b;
  }

  public boolean isShaped() {
    return targetLabels > 0;
  }

  public PhiSums sums() {
    return PhiSums.of(targetLabels, sourceLabels, n, logSums);
  }

  public void set(PhiSums s) {
    targetLabels = s.targetLabels();
    sourceLabels = s.sourceLabels();
    n = s.n();
    logSums = s.logSumsArray();
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

  public double[] getLogSums() {
    return logSums;
  }

  public void setLogSums(double[] logSums) {
    this.logSums = logSums;
  }
}
