package org.melep.status;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of one scored group (or one fine-tuning run): it has a value ({@link Ok}), no value
 * because a label lacks positives or negatives or there are no records ({@link Degenerate}), no
 * value because fold records lack predictions or targets ({@link Incomplete}), or no value because
 * its checkpoint could not be used ({@link Failed}).
 *
 * <p>Results carry a {@code Status}; it becomes text only where a table or a summary is written
 * ({@link #text()}), and {@link #parse} reads that text back: {@code parse(s.text()).text()} equals
 * {@code s.text()} for every status.
 */
public sealed interface Status extends Serializable
    permits Status.Ok, Status.Degenerate, Status.Incomplete, Status.Failed {

  /** The status as written in the {@code status} column (unchanged since the column existed). */
  String text();

  /** {@code ok}, {@code degenerate}, {@code incomplete} or {@code failed}. */
  String kind();

  /** Whether the group has a value. */
  default boolean hasValue() {
    return this instanceof Ok;
  }

  /** A plain {@code ok}. */
  static Ok ok() {
    return Ok.PLAIN;
  }

  /**
   * A value, with a note when it is kept despite a caveat (a metric's {@code rank-deficient: ...}
   * or {@code constant-features: ...}); the note is the whole text then.
   */
  record Ok(String note) implements Status {
    static final Ok PLAIN = new Ok(null);
    public static final String TEXT = "ok";

    /** The caveats a kept value may carry, each followed by {@code ": "} and its detail. */
    public static final List<String> NOTES = List.of("rank-deficient", "constant-features");

    public Ok {
      if (note != null && (note.isBlank() || note.equals(TEXT))) {
        note = null;
      }
    }

    @Override
    public String text() {
      return note == null ? TEXT : note;
    }

    @Override
    public String kind() {
      return "ok";
    }
  }

  /** What a degenerate group lacks. */
  enum Lack {
    RECORDS,
    POSITIVES,
    NEGATIVES
  }

  /** Whose words the text uses: MELEP's ({@code 'A', 'B'}) or a feature metric's. */
  enum Wording {
    MELEP,
    METRIC
  }

  /**
   * No value: the group has no records, or {@code labels} have no positives (or, where the
   * weighting needs them, no negatives).
   */
  record Degenerate(Lack lack, List<String> labels, Wording wording) implements Status {
    public Degenerate {
      labels = List.copyOf(labels);
      if (lack == Lack.RECORDS ? !labels.isEmpty() : labels.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot describe a degenerate group: " + lack + " with labels " + labels);
      }
      if (wording == Wording.METRIC && labels.size() > 1) {
        throw new IllegalArgumentException(
            "Cannot describe a degenerate metric group with several labels: " + labels);
      }
    }

    /** MELEP's group without records. */
    public static Degenerate noRecords() {
      return new Degenerate(Lack.RECORDS, List.of(), Wording.MELEP);
    }

    @Override
    public String text() {
      if (wording == Wording.METRIC) {
        return switch (lack) {
          case RECORDS -> "empty: no records";
          case POSITIVES -> "degenerate: label " + labels.get(0) + " has no positives";
          case NEGATIVES -> "degenerate: label " + labels.get(0) + " has no negatives";
        };
      }
      return switch (lack) {
        case RECORDS -> "degenerate: no records";
        case POSITIVES -> "degenerate: no positives for label " + quoted(labels);
        case NEGATIVES -> "degenerate: no negatives for label " + quoted(labels);
      };
    }

    @Override
    public String kind() {
      return "degenerate";
    }

    private static String quoted(List<String> names) {
      return String.join(", ", names.stream().map(s -> "'" + s + "'").toList());
    }
  }

  /**
   * No value: of the fold's {@code foldRecords}, {@code missingPredictions} have no prediction of
   * the checkpoint, {@code missingTargets} no targets.
   */
  record Incomplete(long foldRecords, long missingPredictions, long missingTargets)
      implements Status {
    public Incomplete {
      if (missingPredictions < 0
          || missingTargets < 0
          || (missingPredictions == 0 && missingTargets == 0)) {
        throw new IllegalArgumentException(
            "Cannot describe an incomplete group: "
                + missingPredictions
                + " records without predictions, "
                + missingTargets
                + " without targets");
      }
    }

    @Override
    public String text() {
      if (missingPredictions > 0 && missingPredictions == foldRecords) {
        return "incomplete: no prediction for any of the " + foldRecords + " fold records";
      }
      if (missingPredictions > 0) {
        return "incomplete: "
            + missingPredictions
            + " of "
            + foldRecords
            + " fold records have no prediction";
      }
      return "incomplete: " + missingTargets + " fold records have no targets";
    }

    @Override
    public String kind() {
      return "incomplete";
    }
  }

  /** No value: the checkpoint's predictions could not be made or used, for {@code reason}. */
  record Failed(String reason) implements Status {
    public static final String PREFIX = "failed";

    public Failed {
      if (reason == null) {
        throw new IllegalArgumentException("Cannot describe a failed group without a reason");
      }
    }

    @Override
    public String text() {
      return PREFIX + ": " + reason;
    }

    @Override
    public String kind() {
      return PREFIX;
    }
  }

  Pattern NO_LABEL = Pattern.compile("degenerate: no (positives|negatives) for label ('.*')");
  Pattern METRIC_LABEL = Pattern.compile("degenerate: label (.*) has no (positives|negatives)");
  Pattern SOME_MISSING =
      Pattern.compile("incomplete: (\\d+) of (\\d+) fold records have no prediction");
  Pattern NONE_PREDICTED =
      Pattern.compile("incomplete: no prediction for any of the (\\d+) fold records");
  Pattern NO_TARGETS = Pattern.compile("incomplete: (\\d+) fold records have no targets");

  /**
   * The status a {@code status} column holds ({@link #text()} read back). Counts the text does not
   * name are read as zero (e.g. the records without targets of a group missing predictions).
   */
  static Status parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("Cannot read a status: null");
    }
    if (text.equals(Ok.TEXT)) {
      return ok();
    }
    if (text.equals("degenerate: no records")) {
      return Degenerate.noRecords();
    }
    if (text.equals("empty: no records")) {
      return new Degenerate(Lack.RECORDS, List.of(), Wording.METRIC);
    }
    if (text.startsWith(Failed.PREFIX + ": ")) {
      return new Failed(text.substring(Failed.PREFIX.length() + 2));
    }
    Matcher m = NO_LABEL.matcher(text);
    if (m.matches()) {
      String inner = m.group(2);
      List<String> labels =
          Arrays.stream(inner.substring(1, inner.length() - 1).split("', '", -1)).toList();
      return new Degenerate(
          m.group(1).equals("positives") ? Lack.POSITIVES : Lack.NEGATIVES, labels, Wording.MELEP);
    }
    m = METRIC_LABEL.matcher(text);
    if (m.matches()) {
      return new Degenerate(
          m.group(2).equals("positives") ? Lack.POSITIVES : Lack.NEGATIVES,
          List.of(m.group(1)),
          Wording.METRIC);
    }
    m = SOME_MISSING.matcher(text);
    if (m.matches()) {
      return new Incomplete(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)), 0);
    }
    m = NONE_PREDICTED.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return new Incomplete(n, n, 0);
    }
    m = NO_TARGETS.matcher(text);
    if (m.matches()) {
      return new Incomplete(0, 0, Long.parseLong(m.group(1)));
    }
    for (String note : Ok.NOTES) {
      if (text.startsWith(note + ": ")) {
        return new Ok(text);
      }
    }
    throw new IllegalArgumentException("Cannot read status: " + text);
  }
}
