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

  private InferenceException(String message, Throwable cause) {
    super(message, cause);
    this.checkpoint = null;
    this.recordId = null;
  }

  /**
   * The inference failure behind a Spark job failure: the exception itself when Spark kept it as
   * the cause, else one rebuilt from the task failure message (executors' exceptions reach the
   * driver as text when they cannot be shipped), or {@code null} when it was something else.
   */
  public static InferenceException find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InferenceException ie) {
        return new InferenceException(ie.checkpoint, ie.recordId, ie.getMessage(), failure, true);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = t.getMessage();
      String tag = InferenceException.class.getName() + ": ";
      int i = m == null ? -1 : m.indexOf(tag);
      if (i >= 0) {
        String text = m.substring(i + tag.length());
        int end = text.indexOf('\n');
        return new InferenceException(end < 0 ? text : text.substring(0, end), failure);
      }
    }
    return null;
  }

  private InferenceException(
      String checkpoint, String recordId, String fullMessage, Throwable cause, boolean copy) {
    super(fullMessage, cause);
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
