package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One row fed to the MELEP aggregators: a record's source-label probabilities under one
 * checkpoint, joined with its target labels in one fold. {@code positives} are the ascending
 * indices of the fold's target labels that are positive for the record; {@code targetLabelCount}
 * is the fold's number of target labels Y.
 */
public class ScoringInput implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<ScoringInput> ENCODER = Encoders.bean(ScoringInput.class);

  private String foldId;
  private String checkpoint;
  private String recordId;
  private int[] positives;
  private int targetLabelCount;
  private double[] theta;

  public ScoringInput() {}

  /** The group this row belongs to. */
  public String groupKey() {
    return GroupKey.of(foldId, checkpoint);
  }

  public String getFoldId() {
    return foldId;
  }

  public void setFoldId(String foldId) {
    this.foldId = foldId;
  }

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }

  public String getRecordId() {
    return recordId;
  }

  public void setRecordId(String recordId) {
    this.recordId = recordId;
  }

  public int[] getPositives() {
    return positives;
  }

  public void setPositives(int[] positives) {
    this.positives = positives;
  }

  public int getTargetLabelCount() {
    return targetLabelCount;
  }

  public void setTargetLabelCount(int targetLabelCount) {
    this.targetLabelCount = targetLabelCount;
  }

  public double[] getTheta() {
    return theta;
  }

  public void setTheta(double[] theta) {
    this.theta = theta;
  }
}
