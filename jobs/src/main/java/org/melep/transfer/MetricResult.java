package org.melep.transfer;

import java.util.List;
import org.melep.status.Status;

/**
 * One metric of one group: the value (null when the group is degenerate or empty), the per-label
 * values it averages, how labels are averaged ({@code uniform} or {@code code}), and a status:
 * {@link Status.Ok} (with a note that keeps the value: {@code rank-deficient: ...}, {@code
 * constant-features: ...}), or why there is no value ({@link Status.Degenerate}: {@code degenerate:
 * ...}, {@code empty: ...}; {@link Status.Failed}: {@code failed: ...}, the checkpoint's features
 * do not fit the metric's state).
 */
public record MetricResult(
    Metric metric, String averaging, Double value, double[] perLabel, Status status) {
  public static final String OK = Status.Ok.TEXT;
  public static final String UNIFORM = "uniform";
  public static final String CODE = "code";

  static MetricResult empty(Metric metric, String averaging) {
    return new MetricResult(
        metric,
        averaging,
        null,
        new double[0],
        new Status.Degenerate(Status.Lack.RECORDS, List.of(), Status.Wording.METRIC));
  }

  /** No value: the metric could not be computed for the group's checkpoint ({@code why}). */
  static MetricResult failed(Metric metric, String averaging, Status.Failed why) {
    return new MetricResult(metric, averaging, null, new double[0], why);
  }

  static MetricResult degenerate(Metric metric, String averaging, Status.Degenerate why) {
    return new MetricResult(metric, averaging, null, new double[0], why);
  }

  /**
   * A value kept with a caveat ({@code rank-deficient: ...}), or plain ok when {@code note} is
   * null.
   */
  static Status okWith(String note) {
    return note == null ? Status.ok() : new Status.Ok(note);
  }

  /** Labels with no positives (and, if {@code needNegatives}, no negatives), or null. */
  static Status.Degenerate missingClass(
      FeatureStats s, List<String> labels, boolean needNegatives) {
    for (int y = 0; y < s.targetLabels(); y++) {
      if (s.positives(y) == 0) {
        return new Status.Degenerate(
            Status.Lack.POSITIVES, List.of(labels.get(y)), Status.Wording.METRIC);
      }
      if (needNegatives && s.positives(y) == s.n()) {
        return new Status.Degenerate(
            Status.Lack.NEGATIVES, List.of(labels.get(y)), Status.Wording.METRIC);
      }
    }
    return null;
  }

  static void requireShape(FeatureStats s, List<String> labels, Metric metric) {
    if (labels.size() != s.targetLabels()) {
      throw new IllegalArgumentException(
          "Cannot finish "
              + metric.id()
              + ": "
              + labels.size()
              + " label names for a state of "
              + s.targetLabels()
              + " labels");
    }
  }

  static double mean(double[] v) {
    double acc = 0;
    for (double x : v) {
      acc += x;
    }
    return acc / v.length;
  }
}
