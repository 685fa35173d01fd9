package org.melep.ingest;

import org.melep.corpus.RecordParseException;

/** Why an input file did not become a corpus row; the {@code kind} column of the rejects table. */
public enum RejectKind {
  /** A header or signal file is malformed (bad field, truncated, wrong sample count, checksum). */
  PARSE_ERROR("parse error"),
  /** The header names a signal file that does not exist. */
  MISSING_FILE("missing signal file"),
  /** The record lacks one of the 12 leads. */
  MISSING_LEAD("missing lead"),
  /** The record is shorter than the crop ({@code --seconds}). */
  TOO_SHORT("too short"),
  /** The rate cannot be reached by the chosen resampler (decimation by a non-integer ratio). */
  CANNOT_RESAMPLE("cannot resample"),
  /** A file is larger than {@code --max-file-mb}. */
  TOO_LARGE("file too large"),
  /** A {@code .mat} or {@code .dat} file without a header beside it. */
  ORPHAN_FILE("no header"),
  /** A file that is not part of a WFDB record ({@code .hea}, {@code .mat}, {@code .dat}). */
  NOT_A_RECORD("not a record file"),
  /** A file under a PTB-XL root that {@code ptbxl_database.csv} does not list. */
  NOT_IN_DATABASE("not in ptbxl_database.csv"),
  /** A {@code ptbxl_database.csv} row that cannot be read, or whose record files are missing. */
  DATABASE_ROW("bad ptbxl_database.csv row"),
  /** An I/O or unexpected error reading the files. */
  UNREADABLE("unreadable");

  private final String label;

  RejectKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The kind of a reader failure. */
  static RejectKind of(RecordParseException e) {
    String r = e.getReason();
    if (r.startsWith("missing signal file")) {
      return MISSING_FILE;
    }
    if (r.startsWith("record lacks lead")) {
      return MISSING_LEAD;
    }
    return PARSE_ERROR;
  }
}
