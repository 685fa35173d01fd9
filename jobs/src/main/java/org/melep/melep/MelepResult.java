package org.melep.melep;

import java.util.List;

/**
 * MELEP of one group under one weighting: the aggregate (null when the group is degenerate), the
 * per-label vector {@code m_y}, the counts it came from, and a status ({@code ok} or why the group
 * is degenerate, naming the label).
 */
public record MelepResult(
    Weighting weighting,
    Double melep,
    double[] perLabel,
    long n,
    long[] positives,
    List<String> labels,
    String status) {

  public static final String OK = "ok";
}
