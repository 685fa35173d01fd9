package org.melep.corpus;

/**
 * The one documented failure of the ECG record readers ({@code .hea}, {@code .mat}, {@code .dat},
 * PTB-XL CSV): names the file and what was wrong with it. Any malformed input, however garbled,
 * ends in this exception and nothing else; {@code melep ingest} turns it into a rejects row.
 */
public class RecordParseException extends RuntimeException {
  private final String source;
  private final String reason;

  public RecordParseException(String source, String reason) {
    super("Cannot read " + source + ": " + reason);
    this.source = source;
    this.reason = reason;
  }

  public RecordParseException(String source, String reason, Throwable cause) {
    super("Cannot read " + source + ": " + reason, cause);
    this.source = source;
    this.reason = reason;
  }

  /** The file (or file:line) that could not be read. */
  public String getSource() {
    return source;
  }

  /** What was wrong, without the file name. */
  public String getReason() {
    return reason;
  }
}
