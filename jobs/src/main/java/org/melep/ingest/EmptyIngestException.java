package org.melep.ingest;

/** An ingest run whose inputs yielded no record: nothing is written (unless empty is allowed). */
public class EmptyIngestException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public EmptyIngestException(String message) {
    super(message);
  }
}
