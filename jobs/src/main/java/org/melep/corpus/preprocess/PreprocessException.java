package org.melep.corpus.preprocess;

/** A record that preprocessing cannot use (too short, a rate decimation cannot reach). */
public class PreprocessException extends RuntimeException {
  public PreprocessException(String message) {
    super(message);
  }
}
