package org.melep.inference;

/**
 * A checkpoint cannot be used on a record, or at all: wrong hash, shape mismatch, NaN output,
 * unreadable model. The message names the checkpoint and, where there is one, the record.
 */
public class InferenceException extends RuntimeException {
  private final String checkpoint;
  private final String recordId;

  public InferenceException(String checkpoint, String recordId, String message) {
    this(checkpoint, recordId, message, null);
  }

  public InferenceException(String checkpoint, String recordId, String message, Throwable cause) {
    super(
        "Cannot run checkpoint "
            + checkpoint
            + (recordId == null ? "" : " on record " + recordId)
            + ": "
            + message,
        cause);
    this.checkpoint = checkpoint;
    this.recordId = recordId;
  }

  public String checkpoint() {
    return checkpoint;
  }

  public String recordId() {
    return recordId;
  }
}
