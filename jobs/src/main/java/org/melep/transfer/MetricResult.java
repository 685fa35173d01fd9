package org.melep.transfer;

import java.util.List;

/**
 * One metric of one group: the value (null when the group is degenerate or empty), the per-label
 * values it averages, how labels are averaged ({@code uniform} or {@code code}), and a status:
 * {@value #OK}, a note that keeps the value ({@code rank-deficient: ...}, {@code
 * constant-features: ...}), or why there is no value ({@code degenerate: ...}, {@code empty: ...}).
 */
public record MetricResult(Metric metric, String averaging, Double value, double[] perLabel, String status) {
  public static final String OK = "ok";
  public static final String UNIFORM = "uniform";
  public static final String CODE = "code";

  static MetricResult empty(Metric metric, String averaging) {
    return new MetricResult(metric, averaging, null, new double[0], "empty: no records");
  }

  static MetricResult degenerate(Metric metric, String averaging, String why) {
    return new MetricResult(metric, averaging, null, new double[0], "degenerate: " + why);
  }

  /** Labels with no positives (and, if {@code needNegatives}, no negatives), or null. */
  static String missingClass(FeatureStats s, List<String> labels, boolean needNegatives) {
    for (int y = 0; y < s.targetLabels(); y++) {
      if (s.positives(y) == 0) {
        return "label " + labels.get(y) + " has no positives";
      }
      if (needNegatives && s.positives(y) == s.n()) {
        return "label " + labels.get(y) + " has no negatives";
      }
    }
    return null;
  }

  static void requireShape(FeatureStats s, List<String> labels, Metric metric) {
    if (labels.size() != s.targetLabels()) {
      throw new IllegalArgumentException(
          "Cannot finish " + metric.id() + ": " + labels.size() + " label names for a state of "
              + s.targetLabels() + " labels");
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
