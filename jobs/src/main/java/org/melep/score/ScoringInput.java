package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * One validated prediction joined with every fold that contains its record: the rows the two MELEP
 * passes read. {@code memberships} is flat: for each fold, {@code foldIndex, k, p1 .. pk} with
 * {@code p} the ascending indices of the fold's target labels that are positive for the record. One
 * row per (checkpoint, record), however many folds hold the record: the fold x record expansion
 * happens inside the partition loop, never as Spark rows.
 */
public class ScoringInput extends PredictionProbabilities {
  private static final long serialVersionUID = 1L;

  public static final Encoder<ScoringInput> ENCODER = Encoders.bean(ScoringInput.class);

  private int[] memberships;

  public ScoringInput() {}

  public int[] getMemberships() {
    return memberships;
  }

  public void setMemberships(int[] memberships) {
    this.memberships = memberships;
  }
}
