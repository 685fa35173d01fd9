package org.melep.report;

/**
 * An input table of the report holds a value it cannot use; the message names table, row, column
 * and value.
 */
public class BadReportDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadReportDataException(String message) {
    super(message);
  }
}
