package org.melep.score;

import java.util.Locale;

/**
 * The rule for one cell of a 0/1 target label column: {@code 1}/{@code 0} (any numeric type, of
 * exactly that value), a boolean, or the text {@code 1}, {@code 0}, {@code true}, {@code false}.
 * Anything else (null, {@code 2}, {@code 0.5}, NaN, {@code yes}) is not a target flag.
 */
public final class TargetFlag {
  private TargetFlag() {}

  /** The flag, or null when {@code value} is not a valid 0/1 flag. */
  public static Boolean parse(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return d == 1.0 ? Boolean.TRUE : d == 0.0 ? Boolean.FALSE : null;
    }
    if (value instanceof String s) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "1":
        case "true":
          return Boolean.TRUE;
        case "0":
        case "false":
          return Boolean.FALSE;
        default:
          return null;
      }
    }
    return null;
  }

  /** The value as it reads in an error message (text quoted). */
  public static String show(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
