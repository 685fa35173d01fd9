package org.melep.melep;

import java.util.Locale;

/** How the per-label scores {@code m_y} are aggregated into one MELEP value. */
public enum Weighting {
  /**
   * The authors' published implementation, which produced the paper's tables (the default): {@code
   * sum_y w_y m_y / sum_y w_y} with {@code w_y = pos_y / n}.
   */
  CODE,
  /** The paper's Eq. 5: {@code (1/Y) sum_y (pos_y / neg_y) m_y}. */
  PAPER,
  /** The plain mean of {@code m_y}. */
  UNIFORM;

  /** The lower-case name used on the command line and in outputs. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Weighting parse(String s) {
    for (Weighting w : values()) {
      if (w.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "Cannot parse weighting: expected code, paper or uniform: " + s);
  }
}
