package org.melep.cli;

/** A failure that ends a command with a named exit code and a message for the user. */
public class ExitException extends RuntimeException {
  private final int status;

  public ExitException(int status, String message) {
    super(message);
    this.status = status;
  }

  public ExitException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int getStatus() {
    return status;
  }
}
