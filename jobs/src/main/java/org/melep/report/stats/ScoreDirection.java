package org.melep.report.stats;

/** Whether a larger score promises easier transfer. */
public enum ScoreDirection {
  LOWER_IS_BETTER,
  HIGHER_IS_BETTER;

  /** The score turned so that larger is better. */
  public double goodness(double score) {
    return this == LOWER_IS_BETTER ? -score : score;
  }

  /** The sign a good score's correlation with fine-tuned F1 should have. */
  public int expectedSign() {
    return this == LOWER_IS_BETTER ? -1 : 1;
  }
}
