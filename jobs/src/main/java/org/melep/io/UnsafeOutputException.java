package org.melep.io;

/**
 * An output path that melep refuses to write: it is, contains or lies inside an input, or it exists
 * and is not a previous output of the same command. The message names the paths.
 */
public class UnsafeOutputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsafeOutputException(String message) {
    super(message);
  }
}
