package org.melep.corpus.ptbxl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.melep.corpus.RecordParseException;

/**
 * Parses PTB-XL's {@code scp_codes} column: a Python dict literal of SCP-ECG statement code to
 * likelihood (0..100), e.g. {@code {'NORM': 100.0, 'LVOLT': 0.0, 'SR': 0.0}}.
 */
public final class ScpCodes {
  private ScpCodes() {}

  /** Code -> likelihood, in literal order. */
  public static Map<String, Double> parse(String source, String literal) {
    String s = literal.trim();
    if (s.length() < 2 || s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
      throw new RecordParseException(source, "scp_codes is not a dict literal: " + literal);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    int i = 1;
    int end = s.length() - 1;
    while (true) {
      i = skipSpace(s, i, end);
      if (i >= end) {
        break;
      }
      char q = s.charAt(i);
      if (q != '\'' && q != '"') {
        throw new RecordParseException(
            source, "scp_codes: expected a quoted code at position " + i + ": " + literal);
      }
      int close = s.indexOf(q, i + 1);
      if (close < 0 || close >= end) {
        throw new RecordParseException(source, "scp_codes: unterminated code: " + literal);
      }
      String code = s.substring(i + 1, close);
      i = skipSpace(s, close + 1, end);
      if (i >= end || s.charAt(i) != ':') {
        throw new RecordParseException(
            source, "scp_codes: expected ':' after '" + code + "': " + literal);
      }
      i = skipSpace(s, i + 1, end);
      int start = i;
      while (i < end && s.charAt(i) != ',') {
        i++;
      }
      String number = s.substring(start, i).trim();
      try {
        out.put(code, Double.parseDouble(number));
      } catch (NumberFormatException e) {
        throw new RecordParseException(
            source, "scp_codes: likelihood of '" + code + "' is not a number: '" + number + "'");
      }
      if (i < end) {
        i++; // the comma
      }
    }
    return out;
  }

  private static int skipSpace(String s, int i, int end) {
    while (i < end && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
