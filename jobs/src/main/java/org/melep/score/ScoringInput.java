package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One validated prediction joined with every fold that contains its record: the rows the two
 * MELEP passes read. {@code memberships} is flat: for each fold, {@code foldIndex, k, p1 .. pk}
 * with {@code p} the ascending indices of the fold's target labels that are positive for the
 * record. One row per (checkpoint, record), however many folds hold the record: the fold x record
 * expansion happens inside the partition loop, never as Spark rows.
 */
public class ScoringInput implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<ScoringInput> ENCODER = Encoders.bean(ScoringInput.class);

  private String checkpoint;
  private String recordId;
  private double[] theta;
  private int[] memberships;

  public ScoringInput() {}

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

  public double[] getTheta() {
    return theta;
  }

  public void setTheta(double[] theta) {
    this.theta = theta;
  }

  public int[] getMemberships() {
    return memberships;
  }

  public void setMemberships(int[] memberships) {
    this.memberships = memberships;
  }
}
