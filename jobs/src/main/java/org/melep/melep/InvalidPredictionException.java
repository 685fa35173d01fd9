package org.melep.melep;

/** A checkpoint output that is not a usable probability or logit; the message names where. */
public class InvalidPredictionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidPredictionException(String message) {
    super(message);
  }
}
