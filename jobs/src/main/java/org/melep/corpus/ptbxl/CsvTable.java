package org.melep.corpus.ptbxl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.melep.corpus.RecordParseException;

/**
 * A CSV file (RFC 4180: quoted fields with {@code ""} escapes and embedded commas or newlines, LF
 * or CR LF) read into a header and rows, as pandas writes PTB-XL's tables.
 */
public final class CsvTable {
  private final String source;
  private final List<String> header;
  private final Map<String, Integer> columns;
  private final List<List<String>> rows;
  private final List<Integer> lineNumbers;

  private CsvTable(
      String source, List<String> header, List<List<String>> rows, List<Integer> lineNumbers) {
    this.source = source;
    this.header = header;
    this.rows = rows;
    this.lineNumbers = lineNumbers;
    this.columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(header.get(i), i);
    }
  }

  public static CsvTable parse(String source, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean rowHasData = false;
    int line = 1;
    int rowStart = 1;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"':
          quoted = true;
          rowHasData = true;
          break;
        case ',':
          row.add(field.toString());
          field.setLength(0);
          rowHasData = true;
          break;
        case '\r':
          break;
        case '\n':
          if (rowHasData || field.length() > 0) {
            row.add(field.toString());
            records.add(row);
            lines.add(rowStart);
          }
          row = new ArrayList<>();
          field.setLength(0);
          rowHasData = false;
          line++;
          rowStart = line;
          break;
        default:
          field.append(c);
          rowHasData = true;
      }
    }
    if (quoted) {
      throw new RecordParseException(source, "line " + rowStart + ": unterminated quoted field");
    }
    if (rowHasData || field.length() > 0) {
      row.add(field.toString());
      records.add(row);
      lines.add(rowStart);
    }
    if (records.isEmpty()) {
      throw new RecordParseException(source, "empty CSV file");
    }
    return new CsvTable(
        source, records.get(0), records.subList(1, records.size()), lines.subList(1, lines.size()));
  }

  public String source() {
    return source;
  }

  public List<String> header() {
    return header;
  }

  public int size() {
    return rows.size();
  }

  /** Index of a column; fails naming the file when absent. */
  public int column(String name) {
    Integer i = columns.get(name);
    if (i == null) {
      throw new RecordParseException(source, "no column '" + name + "' in header " + header);
    }
    return i;
  }

  /** The value at a row and column, "" when the row is short. */
  public String get(int row, int column) {
    List<String> r = rows.get(row);
    return column < r.size() ? r.get(column) : "";
  }

  /** The row's field count. */
  public int width(int row) {
    return rows.get(row).size();
  }

  /** The file line where a row starts (1-based, the header is line 1). */
  public int lineNumber(int row) {
    return lineNumbers.get(row);
  }
}
