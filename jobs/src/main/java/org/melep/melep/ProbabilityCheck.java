package org.melep.melep;

/**
 * Turns a checkpoint's outputs into validated probabilities: logits through a numerically stable
 * sigmoid, probabilities checked to be finite and in [0, 1]. A bad value is an {@link
 * InvalidPredictionException} naming where it came from, never a silent NaN downstream.
 */
public final class ProbabilityCheck {
  private ProbabilityCheck() {}

  /** {@code 1 / (1 + exp(-x))} without overflow for large |x|; exact 0 and 1 at -/+ infinity. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** Checks {@code theta} holds {@code z} finite values in [0, 1]; {@code where} names the row. */
  public static void requireProbabilities(double[] theta, int z, String where) {
    if (theta == null) {
      throw new InvalidPredictionException(
          "Cannot use predictions of " + where + ": no probabilities");
    }
    if (theta.length != z) {
      throw new InvalidPredictionException(
          "Cannot use predictions of " + where + ": " + theta.length + " outputs, expected " + z);
    }
    for (int j = 0; j < z; j++) {
      double v = theta[j];
      if (!(v >= 0.0 && v <= 1.0)) {
        throw new InvalidPredictionException(
            "Cannot use predictions of "
                + where
                + ": probability #"
                + j
                + " is "
                + v
                + " (must be a number in [0, 1])");
      }
    }
  }

  /**
   * Sigmoid of every logit into {@code out}; NaN logits are rejected, +-infinity map to 1 and 0.
   */
  public static void logitsToProbabilities(double[] logits, int z, double[] out, String where) {
    if (logits == null) {
      throw new InvalidPredictionException("Cannot use predictions of " + where + ": no logits");
    }
    if (logits.length != z) {
      throw new InvalidPredictionException(
          "Cannot use predictions of " + where + ": " + logits.length + " outputs, expected " + z);
    }
    for (int j = 0; j < z; j++) {
      double v = logits[j];
      if (Double.isNaN(v)) {
        throw new InvalidPredictionException(
            "Cannot use predictions of " + where + ": logit #" + j + " is NaN");
      }
      out[j] = sigmoid(v);
    }
  }
}
