package org.melep.corpus.wfdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.melep.corpus.RecordParseException;

/**
 * Parses WFDB header files ({@code .hea}, see PhysioNet's {@code header(5)}), as PhysioNet and the
 * CinC challenges write them: LF or CR LF line ends, gains with or without a {@code (baseline)},
 * units in any case, {@code #Key: value} comments. Any malformed header ends in a {@link
 * RecordParseException} naming the file, line and field.
 */
public final class WfdbHeaderParser {
  /** More signals than any ECG record has: a guard against garbage allocating memory. */
  public static final int MAX_SIGNALS = 256;

  /** WFDB's default gain when a header gives none or 0 (ADC units per physical unit). */
  public static final double DEFAULT_GAIN = 200.0;

  /** WFDB's default sampling frequency when the record line gives none. */
  public static final double DEFAULT_FS = 250.0;

  private WfdbHeaderParser() {}

  /** Parses the bytes of a header file; {@code source} names it in errors. */
  public static WfdbHeader parse(String source, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n", -1);
    List<String> comments = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    Integer age = null;
    String sex = null;
    String[] recordLine = null;
    int recordLineNo = 0;
    List<WfdbSignalSpec> signals = new ArrayList<>();
    int nSignals = -1;
    double fs = DEFAULT_FS;
    int nSamples = 0;
    String recordName = null;
    for (int i = 0; i < lines.length; i++) {
      String line = stripCr(lines[i]);
      int lineNo = i + 1;
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        String comment = trimmed.substring(1).trim();
        comments.add(comment);
        int colon = comment.indexOf(':');
        if (colon > 0) {
          String key = comment.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          String value = comment.substring(colon + 1).trim();
          switch (key) {
            case "dx":
              for (String c : value.split(",")) {
                if (!c.isBlank()) {
                  codes.add(c.trim());
                }
              }
              break;
            case "age":
              age = parseAge(value);
              break;
            case "sex":
              sex = parseSex(value);
              break;
            default:
              break;
          }
        }
        continue;
      }
      String[] f = trimmed.split("\\s+");
      if (recordLine == null) {
        recordLine = f;
        recordLineNo = lineNo;
        recordName = f[0];
        if (recordName.contains("/")) {
          throw error(source, lineNo, "multi-segment records are not supported: " + recordName);
        }
        if (f.length < 2) {
          throw error(source, lineNo, "record line has no signal count: " + trimmed);
        }
        nSignals = parseInt(source, lineNo, "signal count", f[1]);
        if (nSignals < 1 || nSignals > MAX_SIGNALS) {
          throw error(source, lineNo, "signal count must be 1.." + MAX_SIGNALS + ": " + nSignals);
        }
        if (f.length > 2) {
          String fsField = f[2];
          int slash = fsField.indexOf('/');
          fs =
              parseDouble(
                  source,
                  lineNo,
                  "sampling frequency",
                  slash >= 0 ? fsField.substring(0, slash) : fsField);
          if (!(fs > 0) || Double.isInfinite(fs)) {
            throw error(source, lineNo, "sampling frequency must be positive: " + f[2]);
          }
        }
        if (f.length > 3) {
          long n = parseLong(source, lineNo, "sample count", f[3]);
          if (n < 0 || n > Integer.MAX_VALUE) {
            throw error(source, lineNo, "sample count out of range: " + f[3]);
          }
          nSamples = (int) n;
        }
        continue;
      }
      if (signals.size() >= nSignals) {
        throw error(
            source,
            lineNo,
            "more signal lines than the " + nSignals + " the record line declares: " + trimmed);
      }
      signals.add(parseSignal(source, lineNo, trimmed, f));
    }
    if (recordLine == null) {
      throw new RecordParseException(source, "no record line (empty header)");
    }
    if (signals.size() != nSignals) {
      throw error(
          source,
          recordLineNo,
          "record line declares "
              + nSignals
              + " signals but "
              + signals.size()
              + " signal lines follow");
    }
    return new WfdbHeader(
        recordName,
        nSignals,
        fs,
        nSamples,
        List.copyOf(signals),
        List.copyOf(codes),
        age,
        sex,
        List.copyOf(comments));
  }

  private static WfdbSignalSpec parseSignal(String source, int lineNo, String line, String[] f) {
    if (f.length < 2) {
      throw error(source, lineNo, "signal line has no format: " + line);
    }
    String fileName = f[0];
    // format[xspf][:skew][+offset]
    String fmt = f[1];
    long offset = 0;
    int plus = fmt.indexOf('+');
    if (plus >= 0) {
      offset = parseLong(source, lineNo, "byte offset", fmt.substring(plus + 1));
      if (offset < 0) {
        throw error(source, lineNo, "negative byte offset: " + fmt);
      }
      fmt = fmt.substring(0, plus);
    }
    int colon = fmt.indexOf(':');
    if (colon >= 0) {
      fmt = fmt.substring(0, colon);
    }
    int spf = 1;
    int x = fmt.indexOf('x');
    if (x >= 0) {
      spf = parseInt(source, lineNo, "samples per frame", fmt.substring(x + 1));
      fmt = fmt.substring(0, x);
    }
    int format = parseInt(source, lineNo, "format", fmt);
    double gain = DEFAULT_GAIN;
    Integer baseline = null;
    String units = "mV";
    if (f.length > 2) {
      String g = f[2];
      int slash = g.indexOf('/');
      if (slash >= 0) {
        units = g.substring(slash + 1);
        g = g.substring(0, slash);
      }
      int open = g.indexOf('(');
      if (open >= 0) {
        int close = g.indexOf(')', open);
        if (close < 0) {
          throw error(source, lineNo, "unclosed baseline in gain field: " + f[2]);
        }
        baseline = parseInt(source, lineNo, "baseline", g.substring(open + 1, close));
        g = g.substring(0, open);
      }
      gain = parseDouble(source, lineNo, "gain", g);
      if (Double.isNaN(gain) || Double.isInfinite(gain) || gain < 0) {
        throw error(source, lineNo, "gain must be a non-negative number: " + f[2]);
      }
      if (gain == 0) {
        gain = DEFAULT_GAIN;
      }
    }
    int resolution = f.length > 3 ? parseInt(source, lineNo, "ADC resolution", f[3]) : 12;
    int zero = f.length > 4 ? parseInt(source, lineNo, "ADC zero", f[4]) : 0;
    int initial = f.length > 5 ? parseInt(source, lineNo, "initial value", f[5]) : zero;
    Integer checksum = f.length > 6 ? parseInt(source, lineNo, "checksum", f[6]) : null;
    String description = "";
    if (f.length > 8) {
      // the description is the rest of the line and may hold spaces
      description = String.join(" ", java.util.Arrays.copyOfRange(f, 8, f.length));
    }
    return new WfdbSignalSpec(
        fileName,
        format,
        spf,
        offset,
        gain,
        baseline == null ? zero : baseline,
        units,
        resolution,
        zero,
        initial,
        checksum,
        description);
  }

  private static Integer parseAge(String value) {
    try {
      double a = Double.parseDouble(value);
      if (Double.isNaN(a) || a < 0 || a > 200) {
        return null;
      }
      return (int) Math.round(a);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code M} or {@code F} from the spellings headers use, null for unknown. */
  public static String parseSex(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("m") || v.equals("male")) {
      return "M";
    }
    if (v.equals("f") || v.equals("female")) {
      return "F";
    }
    return null;
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static int parseInt(String source, int lineNo, String what, String value) {
    long v = parseLong(source, lineNo, what, value);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw error(source, lineNo, what + " out of range: " + value);
    }
    return (int) v;
  }

  private static long parseLong(String source, int lineNo, String what, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw error(source, lineNo, what + " is not an integer: '" + value + "'");
    }
  }

  private static double parseDouble(String source, int lineNo, String what, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw error(source, lineNo, what + " is not a number: '" + value + "'");
    }
  }

  private static RecordParseException error(String source, int lineNo, String reason) {
    return new RecordParseException(source, "line " + lineNo + ": " + reason);
  }
}
