package org.melep.progress;

import java.util.Locale;

/**
 * One state of the console progress line, and its text: a pure value, rendered without Spark.
 *
 * <p>Example: {@code [stage 3 melep score: pass 1 (joint counts)] tasks 5/8 records 120,345
 * (41,230/s) 00:12}.
 *
 * @param stageId Spark stage id
 * @param name the job description of the stage ({@code setJobDescription}), else its Spark name
 * @param tasksDone tasks of the stage that finished successfully
 * @param tasksTotal tasks of the stage
 * @param tasksFailed task attempts of the stage that failed (retried by Spark); shown when positive
 * @param records records read by the finished tasks (input records, else shuffle records)
 * @param stageMillis time since the stage was submitted (the records/s rate is over this)
 * @param elapsedMillis time since the progress line was installed (the clock at the end)
 */
public record ProgressLine(
    int stageId,
    String name,
    int tasksDone,
    int tasksTotal,
    int tasksFailed,
    long records,
    long stageMillis,
    long elapsedMillis) {

  private static final String ELLIPSIS = "...";

  /** Records per second over the stage so far; 0 before any time has passed. */
  public long recordsPerSecond() {
    return stageMillis <= 0 ? 0 : Math.round(records * 1000.0 / stageMillis);
  }

  /**
   * The line's text, at most {@code maxWidth} characters (the stage name is shortened to fit, the
   * counters never are). No carriage return or padding: {@link ConsoleProgress} adds them.
   */
  public String render(int maxWidth) {
    String counters =
        String.format(
            Locale.ROOT,
            "] tasks %d/%d%s  records %,d (%,d/s)  %s",
            tasksDone,
            tasksTotal,
            tasksFailed > 0 ? " (" + tasksFailed + " failed)" : "",
            records,
            recordsPerSecond(),
            clock(elapsedMillis));
    String prefix = "[stage " + stageId + " ";
    String label = oneLine(name);
    int room = maxWidth - prefix.length() - counters.length();
    if (label.length() > room) {
      label =
          room > ELLIPSIS.length() ? label.substring(0, room - ELLIPSIS.length()) + ELLIPSIS : "";
    }
    return prefix + label + counters;
  }

  /** {@code mm:ss} below an hour, else {@code h:mm:ss}. */
  static String clock(long millis) {
    long s = Math.max(0, millis) / 1000;
    return s < 3600
        ? String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** Control characters (new lines, tabs, escapes) in a description would break the line. */
  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.toString().strip();
  }
}
