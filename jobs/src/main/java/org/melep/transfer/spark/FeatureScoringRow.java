package org.melep.transfer.spark;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One validated prediction with its features, joined with the folds that hold its record ({@code
 * memberships}: the flat encoding of {@code org.melep.score.ScoringInput}: per fold {@code
 * foldIndex, k, p1 .. pk}). One row per (checkpoint, record).
 */
public class FeatureScoringRow implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<FeatureScoringRow> ENCODER = Encoders.bean(FeatureScoringRow.class);

  private String checkpoint;
  private String recordId;
  private double[] theta;
  private float[] features;
  private int[] memberships;

  public FeatureScoringRow() {}

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String v) {
    checkpoint = v;
  }

  public String getRecordId() {
    return recordId;
  }

  public void setRecordId(String v) {
    recordId = v;
  }

  public double[] getTheta() {
    return theta;
  }

  public void setTheta(double[] v) {
    theta = v;
  }

  public float[] getFeatures() {
    return features;
  }

  public void setFeatures(float[] v) {
    features = v;
  }

  public int[] getMemberships() {
    return memberships;
  }

  public void setMemberships(int[] v) {
    memberships = v;
  }
}
