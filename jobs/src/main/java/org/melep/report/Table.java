package org.melep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A CSV table of the report: a name (file {@code tables/<name>.csv}), a header and rows. */
public record Table(String name, List<String> header, List<List<Object>> rows) {

  public static Table of(String name, String... header) {
    return new Table(name, List.of(header), new ArrayList<>());
  }

  public void add(Object... values) {
    if (values.length != header.size()) {
      throw new IllegalArgumentException(
          "Cannot add a row to "
              + name
              + ": "
              + values.length
              + " values for "
              + header.size()
              + " columns");
    }
    rows.add(java.util.Arrays.asList(values));
  }

  /**
   * RFC 4180 CSV; doubles with 17 significant digits (round-trip), NaN and null as empty fields.
   */
  public String csv() {
    StringBuilder b = new StringBuilder();
    line(b, new ArrayList<>(header));
    for (List<Object> r : rows) {
      line(b, r);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<Object> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(field(values.get(i)));
    }
    b.append('\n');
  }

  static String field(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "" : Double.toString(d);
    }
    String s = v.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** A number for humans: 3 decimals, or an en dash for NaN. */
  public static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "\u2013" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  public int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("Cannot find column " + name + " in table " + this.name);
    }
    return i;
  }
}
