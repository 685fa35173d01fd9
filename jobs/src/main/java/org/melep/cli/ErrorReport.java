package org.melep.cli;

import java.io.FileNotFoundException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkArithmeticException;
import org.apache.spark.SparkException;
import org.apache.spark.SparkNumberFormatException;
import org.apache.spark.sql.AnalysisException;
import org.melep.corpus.RecordParseException;
import org.melep.inference.InferenceException;
import org.melep.melep.InvalidPredictionException;

/**
 * What a failed command tells the user: one line and an exit code (see {@code docs/safety.md}).
 *
 * <p>Failures raised inside Spark tasks reach the driver wrapped in {@link SparkException} (or,
 * from remote executors, only as text in its message); the melep failure inside is found and shown
 * alone. Bad data values are {@link BaseCommand#EXIT_BAD_DATA}; missing or unreadable inputs,
 * options and unsafe outputs {@link BaseCommand#EXIT_INVALID_INPUT}; anything else is an internal
 * error.
 */
record ErrorReport(int status, String line) {
  /** A melep message ({@code Cannot ...}) carried as text by a remote task failure. */
  private static final Pattern REMOTE =
      Pattern.compile("(?:[\\w$]+\\.)*([\\w$]+(?:Exception|Error)): (Cannot [^\\n]*)");

  static ErrorReport of(Throwable failure) {
    ExitException exit = find(failure, ExitException.class);
    if (exit != null) {
      return new ErrorReport(exit.getStatus(), firstLine(exit.getMessage()));
    }
    InferenceException inference = InferenceException.find(failure);
    if (inference != null) {
      return bad(inference);
    }
    for (Class<? extends Throwable> type : BAD_DATA) {
      Throwable t = find(failure, type);
      if (t != null) {
        return bad(t);
      }
    }
    boolean inTask = find(failure, SparkException.class) != null;
    Throwable root = root(failure);
    if (inTask) {
      String text = firstLine(root.getMessage());
      if (text.contains("is not a Parquet file")
          || root.getClass().getName().endsWith("FileFormatException")) {
        return new ErrorReport(
            BaseCommand.EXIT_INVALID_INPUT, "Cannot read an input in the given --format: " + text);
      }
      if (isMelepMessage(root)
          || root instanceof SparkNumberFormatException
          || root instanceof SparkArithmeticException) {
        return bad(root);
      }
      Matcher m = REMOTE.matcher(String.valueOf(failure.getMessage()));
      if (m.find()) {
        return new ErrorReport(BaseCommand.EXIT_BAD_DATA, m.group(2).trim());
      }
    }
    AnalysisException analysis = find(failure, AnalysisException.class);
    if (analysis != null) {
      return new ErrorReport(
          BaseCommand.EXIT_INVALID_INPUT,
          "Cannot read an input: " + withoutErrorClass(analysis.getMessage()));
    }
    if (!inTask) {
      IllegalArgumentException invalid = find(failure, IllegalArgumentException.class);
      if (invalid != null) {
        return new ErrorReport(BaseCommand.EXIT_INVALID_INPUT, firstLine(invalid.getMessage()));
      }
      FileNotFoundException missing = find(failure, FileNotFoundException.class);
      if (missing != null) {
        return new ErrorReport(
            BaseCommand.EXIT_INVALID_INPUT,
            "Cannot read an input: " + firstLine(missing.getMessage()));
      }
    }
    return new ErrorReport(
        BaseCommand.EXIT_INTERNAL_ERROR,
        "internal error: "
            + firstLine(String.valueOf(root))
            + " (rerun with --verbose for the stack trace)");
  }

  private static final java.util.List<Class<? extends Throwable>> BAD_DATA =
      java.util.List.of(InvalidPredictionException.class, RecordParseException.class);

  private static ErrorReport bad(Throwable t) {
    return new ErrorReport(BaseCommand.EXIT_BAD_DATA, firstLine(t.getMessage()));
  }

  /** melep's own messages start with "Cannot"; a bare exception is a bug, not a data error. */
  private static boolean isMelepMessage(Throwable t) {
    return (t instanceof IllegalArgumentException
            || t instanceof IllegalStateException
            || t instanceof ArithmeticException)
        && t.getMessage() != null
        && t.getMessage().startsWith("Cannot ");
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static Throwable root(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  /** {@code [PATH_NOT_FOUND] Path does not exist: x.} -> {@code Path does not exist: x.} */
  private static String withoutErrorClass(String message) {
    String m = firstLine(message);
    return m.startsWith("[") && m.indexOf("] ") > 0 ? m.substring(m.indexOf("] ") + 2) : m;
  }
}
