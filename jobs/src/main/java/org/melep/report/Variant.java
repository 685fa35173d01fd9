package org.melep.report;

import org.melep.report.stats.ScoreDirection;
import org.melep.report.stats.ScoreMetric;

/**
 * One score variant compared in the report: a metric under a weighting, or a baseline derived from
 * one (the label-only score, the shuffled score).
 *
 * @param id stable identifier used in tables and file names, e.g. {@code melep-code}, {@code
 *     label-only-code}, {@code shuffled-melep-code}
 */
public record Variant(String id, Kind kind, ScoreMetric metric, String weighting) {

  /** What the variant is. */
  public enum Kind {
    SCORE,
    LABEL_ONLY,
    SHUFFLED
  }

  public static Variant score(ScoreMetric metric, String weighting) {
    return new Variant(metric.id() + "-" + weighting, Kind.SCORE, metric, weighting);
  }

  public static Variant labelOnly(String weighting) {
    return new Variant("label-only-" + weighting, Kind.LABEL_ONLY, ScoreMetric.MELEP, weighting);
  }

  public static Variant shuffled(ScoreMetric metric, String weighting) {
    return new Variant(
        "shuffled-" + metric.id() + "-" + weighting, Kind.SHUFFLED, metric, weighting);
  }

  public ScoreDirection direction() {
    return metric.direction();
  }

  /** Human name, e.g. "MELEP (code)", "label-only MELEP (code)", "shuffled MELEP (code)". */
  public String display() {
    String base = metric.display() + " (" + weighting + ")";
    switch (kind) {
      case LABEL_ONLY:
        return "label-only " + base;
      case SHUFFLED:
        return "shuffled " + base;
      default:
        return base;
    }
  }

  public boolean baseline() {
    return kind != Kind.SCORE;
  }
}
