package org.melep.melep;

import java.util.List;
import org.melep.status.Status;

/**
 * MELEP of one group under one weighting: the aggregate (null when the group is degenerate), the
 * per-label vector {@code m_y}, the counts it came from, and a status ({@link Status.Ok} or why the
 * group is {@link Status.Degenerate}, naming the labels).
 */
public record MelepResult(
    Weighting weighting,
    Double melep,
    double[] perLabel,
    long n,
    long[] positives,
    List<String> labels,
    Status status) {

  public static final String OK = Status.Ok.TEXT;
}
