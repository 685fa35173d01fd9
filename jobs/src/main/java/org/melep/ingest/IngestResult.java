package org.melep.ingest;

import java.io.Serializable;
import org.apache.spark.sql.Row;

/**
 * What became of one record or stray input file: a corpus row, or a reject with its kind and the
 * precise reason. {@link #files()} input files are accounted for by it.
 */
public final class IngestResult implements Serializable {
  private final String dataset;
  private final String sourcePath;
  private final Row row;
  private final RejectKind kind;
  private final String reason;
  private final int files;

  private IngestResult(
      String dataset, String sourcePath, Row row, RejectKind kind, String reason, int files) {
    this.dataset = dataset;
    this.sourcePath = sourcePath;
    this.row = row;
    this.kind = kind;
    this.reason = reason;
    this.files = files;
  }

  public static IngestResult ingested(String dataset, String sourcePath, Row row, int files) {
    return new IngestResult(dataset, sourcePath, row, null, null, files);
  }

  public static IngestResult rejected(
      String dataset, String sourcePath, RejectKind kind, String reason, int files) {
    return new IngestResult(dataset, sourcePath, null, kind, reason, files);
  }

  public boolean isIngested() {
    return row != null;
  }

  public String dataset() {
    return dataset;
  }

  public String sourcePath() {
    return sourcePath;
  }

  public Row row() {
    return row;
  }

  public RejectKind kind() {
    return kind;
  }

  public String reason() {
    return reason;
  }

  public int files() {
    return files;
  }

  @Override
  public String toString() {
    return isIngested()
        ? "ingested " + sourcePath
        : "rejected " + sourcePath + " (" + kind.label() + "): " + reason;
  }
}
