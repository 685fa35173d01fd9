package org.melep.transfer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A transferability metric that melep can compute per (fold, checkpoint), with its direction. See
 * docs/metrics.md for the formulas.
 */
public enum Metric {
  /** MELEP (Nguyen et al.): expected negative log-likelihood; lower is better. */
  MELEP("melep", false, false),
  /**
   * LogME (You et al.): log marginal evidence per record of a Bayesian linear model on features.
   */
  LOGME("logme", true, true),
  /** H-score (Bao et al.): tr(cov(f)^-1 cov(E[f|y])). */
  HSCORE("hscore", true, true),
  /** H-score with the Ledoit-Wolf shrunk covariance (Ibrahim et al.). */
  HSCORE_LW("hscore-lw", true, true),
  /** NCE (Tran et al.): negative conditional entropy of the target given thresholded outputs. */
  NCE("nce", true, false),
  /** GBC (Pandy et al.): minus the Bhattacharyya coefficients between the classes' Gaussians. */
  GBC("gbc", true, true);

  private final String id;
  private final boolean higherIsBetter;
  private final boolean needsFeatures;

  Metric(String id, boolean higherIsBetter, boolean needsFeatures) {
    this.id = id;
    this.higherIsBetter = higherIsBetter;
    this.needsFeatures = needsFeatures;
  }

  /** The name used on the command line and in the {@code metric} column. */
  public String id() {
    return id;
  }

  /** Whether a higher value predicts easier transfer (the ranking orders accordingly). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /** Whether the metric needs the checkpoint's features (else only its outputs). */
  public boolean needsFeatures() {
    return needsFeatures;
  }

  /** Whether the metric needs the Gram matrix F^T F (the expensive part of the state). */
  public boolean needsGram() {
    return this == LOGME || this == HSCORE || this == HSCORE_LW;
  }

  public static Metric parse(String s) {
    String key = s.trim().toLowerCase(Locale.ROOT);
    for (Metric m : values()) {
      if (m.id.equals(key)) {
        return m;
      }
    }
    List<String> ids = new ArrayList<>();
    for (Metric m : values()) {
      ids.add(m.id);
    }
    throw new IllegalArgumentException(
        "Cannot parse metric: expected one of " + String.join(", ", ids) + ": " + s);
  }

  /** Parses a list, keeping the first occurrence of each metric in order. */
  public static List<Metric> parseAll(List<String> values) {
    LinkedHashSet<Metric> out = new LinkedHashSet<>();
    for (String v : values) {
      out.add(parse(v));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("Cannot score: no metric chosen");
    }
    return List.copyOf(out);
  }
}
