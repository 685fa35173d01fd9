package org.melep.corpus.ptbxl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.melep.corpus.RecordParseException;

/**
 * Reads PTB-XL's {@code ptbxl_database.csv}: one {@link PtbxlEntry} per ECG. Rows that cannot be
 * read are returned apart, as {@link RecordParseException}s naming the line, so that the caller can
 * account for them.
 */
public final class PtbxlDatabase {
  public static final String DATABASE_FILE = "ptbxl_database.csv";
  public static final String STATEMENTS_FILE = "scp_statements.csv";

  /** The recommended 10-fold split's column; optional (a database without it gives null folds). */
  public static final String STRAT_FOLD = "strat_fold";

  /** PTB-XL's age for patients over 89, for anonymity. */
  static final int AGE_OVER_89 = 300;

  private final List<PtbxlEntry> entries;
  private final List<RecordParseException> problems;

  private PtbxlDatabase(List<PtbxlEntry> entries, List<RecordParseException> problems) {
    this.entries = entries;
    this.problems = problems;
  }

  /**
   * Parses the file; a missing column (other than {@code strat_fold}) fails the whole file, a bad
   * row only that row.
   */
  public static PtbxlDatabase parse(String source, byte[] bytes) {
    CsvTable t = CsvTable.parse(source, bytes);
    int ecgId = t.column("ecg_id");
    int age = t.column("age");
    int sex = t.column("sex");
    int scp = t.column("scp_codes");
    int lr = t.column("filename_lr");
    int hr = t.column("filename_hr");
    int fold = t.header().contains(STRAT_FOLD) ? t.column(STRAT_FOLD) : -1; // optional
    List<PtbxlEntry> entries = new ArrayList<>();
    List<RecordParseException> problems = new ArrayList<>();
    for (int r = 0; r < t.size(); r++) {
      int line = t.lineNumber(r);
      String where = source + ":" + line;
      try {
        if (t.width(r) != t.header().size()) {
          throw new RecordParseException(
              where, "row has " + t.width(r) + " fields, header has " + t.header().size());
        }
        int id = (int) parseNumber(where, "ecg_id", t.get(r, ecgId));
        String a = t.get(r, age).trim();
        Integer ageYears = null;
        if (!a.isEmpty()) {
          double v = parseNumber(where, "age", a);
          ageYears = v == AGE_OVER_89 ? 90 : (int) Math.round(v);
        }
        String s = t.get(r, sex).trim();
        String sexCode = null;
        if (!s.isEmpty()) {
          double v = parseNumber(where, "sex", s);
          sexCode = v == 0 ? "M" : v == 1 ? "F" : null;
        }
        Map<String, Double> codes = ScpCodes.parse(where, t.get(r, scp));
        String fl = t.get(r, lr).trim();
        String fh = t.get(r, hr).trim();
        if (fl.isEmpty() || fh.isEmpty()) {
          throw new RecordParseException(where, "empty filename_lr or filename_hr");
        }
        String f = fold < 0 ? "" : t.get(r, fold).trim();
        Integer stratFold = null;
        if (!f.isEmpty()) {
          double v = parseNumber(where, STRAT_FOLD, f);
          if (v != Math.rint(v) || v < 1 || v > 10) {
            throw new RecordParseException(where, "strat_fold is not a fold 1-10: '" + f + "'");
          }
          stratFold = (int) v;
        }
        entries.add(new PtbxlEntry(id, ageYears, sexCode, codes, fl, fh, stratFold, line));
      } catch (RecordParseException e) {
        problems.add(e);
      }
    }
    return new PtbxlDatabase(entries, problems);
  }

  private static double parseNumber(String where, String column, String value) {
    try {
      double v = Double.parseDouble(value.trim());
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new RecordParseException(where, column + " is not a number: '" + value + "'");
    }
  }

  public List<PtbxlEntry> entries() {
    return entries;
  }

  /** The rows that could not be read. */
  public List<RecordParseException> problems() {
    return problems;
  }
}
