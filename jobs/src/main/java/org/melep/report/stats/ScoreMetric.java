package org.melep.report.stats;

import java.util.Locale;

/**
 * The transferability metrics a scores table can hold, each with its direction: MELEP (an expected
 * negative log-likelihood) is lower-is-better; LogME (log evidence), H-score (plain and with the
 * Ledoit-Wolf covariance, {@code hscore-lw}), NCE (a negative conditional entropy) and GBC
 * (negative Bhattacharyya overlap) are higher-is-better.
 */
public enum ScoreMetric {
  MELEP("melep", ScoreDirection.LOWER_IS_BETTER, "MELEP"),
  LOGME("logme", ScoreDirection.HIGHER_IS_BETTER, "LogME"),
  HSCORE("hscore", ScoreDirection.HIGHER_IS_BETTER, "H-score"),
  HSCORE_LW("hscore-lw", ScoreDirection.HIGHER_IS_BETTER, "H-score (Ledoit-Wolf)"),
  NCE("nce", ScoreDirection.HIGHER_IS_BETTER, "NCE"),
  GBC("gbc", ScoreDirection.HIGHER_IS_BETTER, "GBC");

  private final String id;
  private final ScoreDirection direction;
  private final String display;

  ScoreMetric(String id, ScoreDirection direction, String display) {
    this.id = id;
    this.direction = direction;
    this.display = display;
  }

  public ScoreDirection direction() {
    return direction;
  }

  public String display() {
    return display;
  }

  /** The value of the scores table's {@code metric} column, e.g. {@code hscore-lw}. */
  public String id() {
    return id;
  }

  public static ScoreMetric parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (ScoreMetric m : values()) {
      if (m.id().replace("-", "").equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Cannot read the scores table: unknown metric "
            + s
            + " (expected melep, logme, hscore, hscore-lw, nce or gbc)");
  }
}
