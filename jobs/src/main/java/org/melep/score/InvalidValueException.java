package org.melep.score;

/**
 * A value in an input table that melep cannot use (a target flag that is not 0/1, a fold split that
 * is neither train nor test, ...); the message names the table, column, record and value. The CLI
 * reports it as bad data (exit 3).
 */
public class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message);
  }
}
