package org.melep.inference;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One checkpoint's outputs for one record, as computed on an executor. {@link PredictionsTable}
 * renames the bean's columns to the predictions table's.
 */
public class PredictionRow implements Serializable {
  public static final Encoder<PredictionRow> ENCODER = Encoders.bean(PredictionRow.class);

  private String checkpoint;
  private String checkpointSha256;
  private String recordId;
  private double[] logits;
  private double[] probs;
  private String[] sourceLabels;
  private String contractSha256;
  private Long signalFingerprint;
  private float[] features;

  public PredictionRow() {}

  public String getCheckpoint() {
    return checkpoint;
  }

  public void setCheckpoint(String checkpoint) {
    this.checkpoint = checkpoint;
  }

  public String getCheckpointSha256() {
    return checkpointSha256;
  }

  public void setCheckpointSha256(String checkpointSha256) {
    this.checkpointSha256 = checkpointSha256;
  }

  public String getRecordId() {
    return recordId;
  }

  public void setRecordId(String recordId) {
    this.recordId = recordId;
  }

  public double[] getLogits() {
    return logits;
  }

  public void setLogits(double[] logits) {
    this.logits = logits;
  }

  public double[] getProbs() {
    return probs;
  }

  public void setProbs(double[] probs) {
    this.probs = probs;
  }

  public String getContractSha256() {
    return contractSha256;
  }

  public void setContractSha256(String contractSha256) {
    this.contractSha256 = contractSha256;
  }

  public Long getSignalFingerprint() {
    return signalFingerprint;
  }

  public void setSignalFingerprint(Long signalFingerprint) {
    this.signalFingerprint = signalFingerprint;
  }

  /** The checkpoint's feature output for the record, or null when features were not asked. */
  public float[] getFeatures() {
    return features;
  }

  public void setFeatures(float[] features) {
    this.features = features;
  }

  public String[] getSourceLabels() {
    return sourceLabels;
  }

  public void setSourceLabels(String[] sourceLabels) {
    this.sourceLabels = sourceLabels;
  }
}
