package org.melep.score;

import java.io.Serializable;

/**
 * What every per-group state bean of the two MELEP passes carries: the group (fold index,
 * checkpoint index), its shape (Y target labels, Z source labels) and its record count. A bean
 * without a shape is the identity of merge (an aggregator's zero knows neither Y nor Z).
 */
public abstract class GroupStateBuffer implements Serializable {
  private static final long serialVersionUID = 1L;

  private int foldIndex;
  private int checkpointIndex;
  private int targetLabels;
  private int sourceLabels;
  private long n;

  public boolean isShaped() {
    return targetLabels > 0;
  }

  void group(int fold, int checkpoint) {
    foldIndex = fold;
    checkpointIndex = checkpoint;
  }

  void shape(int y, int z, long records) {
    targetLabels = y;
    sourceLabels = z;
    n = records;
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
}
