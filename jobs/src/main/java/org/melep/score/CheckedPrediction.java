package org.melep.score;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;

/**
 * A prediction row after its checks: the validated probabilities, or why the row cannot be scored
 * ({@code problem} set, {@code theta} null). The scorer caches these once, counts the problems per
 * checkpoint from the cache and scores the usable rows from the same cache.
 */
public class CheckedPrediction extends PredictionProbabilities {
  private static final long serialVersionUID = 1L;

  public static final Encoder<CheckedPrediction> ENCODER = Encoders.bean(CheckedPrediction.class);

  private String problem;

  public CheckedPrediction() {}

  public String getProblem() {
    return problem;
  }

  public void setProblem(String problem) {
    this.problem = problem;
  }
}
