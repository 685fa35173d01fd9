package org.melep.score;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/** A validated prediction: one record's source-label probabilities under one checkpoint. */
public class PredictionProbabilities implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final Encoder<PredictionProbabilities> ENCODER =
      Encoders.bean(PredictionProbabilities.class);

  private String checkpoint;
  private String recordId;
  private double[] theta;

  public PredictionProbabilities() {}

  public PredictionProbabilities(String checkpoint, String recordId, double[] theta) {
    this.checkpoint = checkpoint;
    this.recordId = recordId;
    this.theta = theta;
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

  public double[] getTheta() {
    return theta;
  }

  public void setTheta(double[] theta) {
    this.theta = theta;
  }
}
