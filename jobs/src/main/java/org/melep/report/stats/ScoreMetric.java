package org.melep.report.stats;

import java.util.Locale;

/**
 * The transferability metrics a scores table can hold, each with its direction: MELEP (an
 * expected negative log-likelihood) is lower-is-better; LogME (log evidence), H-score, NCE (a
 * negative conditional entropy) and GBC (negative Bhattacharyya overlap) are higher-is-better.
 */
public enum ScoreMetric {
  MELEP(ScoreDirection.LOWER_IS_BETTER, "MELEP"),
  LOGME(ScoreDirection.HIGHER_IS_BETTER, "LogME"),
  HSCORE(ScoreDirection.HIGHER_IS_BETTER, "H-score"),
  NCE(ScoreDirection.HIGHER_IS_BETTER, "NCE"),
  GBC(ScoreDirection.HIGHER_IS_BETTER, "GBC");

  private final ScoreDirection direction;
  private final String display;

  ScoreMetric(ScoreDirection direction, String display) {
    this.direction = direction;
    this.display = display;
  }

  public ScoreDirection direction() {
    return direction;
  }

  public String display() {
    return display;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ScoreMetric parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "");
    for (ScoreMetric m : values()) {
      if (m.id().equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Cannot read the scores table: unknown metric " + s + " (expected melep, logme, hscore, nce or gbc)");
  }
}
