package org.melep.score;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.melep.melep.Weighting;

/**
 * How to score: the options {@link ScoreJob}, the feature metrics and the pipeline share, with
 * their defaults in one place ({@link #DEFAULTS}). Every value is checked when the options are
 * made, so a wrong one (a typo'd split, no weighting, a blank column name) fails at once, before
 * any Spark work.
 *
 * @param split the fold split to score: {@code train}, {@code test} or {@code all}
 * @param weightings aggregations over target labels, the first one ranks
 * @param allowMissing score groups even when fold records lack a prediction or targets
 * @param labelsColumn the targets' column of positive label names
 * @param targetLabels the targets' 0/1 label columns chosen explicitly (empty: by the rule of
 *     {@link TargetsTable})
 * @param sourceLabels source label names per checkpoint, for predictions without a {@code
 *     source_labels} column
 */
public record ScoreOptions(
    String split,
    List<Weighting> weightings,
    boolean allowMissing,
    String labelsColumn,
    List<String> targetLabels,
    Map<String, List<String>> sourceLabels) {

  /** The splits a run may score. */
  public static final List<String> SPLITS = List.of("train", "test", "all");

  public static final ScoreOptions DEFAULTS =
      new ScoreOptions(
          "train", List.of(Weighting.CODE), false, ScoreColumns.LABELS, List.of(), Map.of());

  public ScoreOptions {
    split = checkSplit(split);
    weightings = checkWeightings(weightings);
    labelsColumn = checkColumn("--labels-column", labelsColumn);
    targetLabels = checkTargetLabels(targetLabels);
    sourceLabels = checkSourceLabels(sourceLabels);
  }

  public ScoreOptions withSplit(String value) {
    return new ScoreOptions(
        value, weightings, allowMissing, labelsColumn, targetLabels, sourceLabels);
  }

  public ScoreOptions withWeightings(List<Weighting> values) {
    return new ScoreOptions(split, values, allowMissing, labelsColumn, targetLabels, sourceLabels);
  }

  public ScoreOptions withAllowMissing(boolean value) {
    return new ScoreOptions(split, weightings, value, labelsColumn, targetLabels, sourceLabels);
  }

  public ScoreOptions withLabelsColumn(String value) {
    return new ScoreOptions(split, weightings, allowMissing, value, targetLabels, sourceLabels);
  }

  public ScoreOptions withTargetLabels(List<String> values) {
    return new ScoreOptions(split, weightings, allowMissing, labelsColumn, values, sourceLabels);
  }

  public ScoreOptions withSourceLabels(Map<String, List<String>> values) {
    return new ScoreOptions(split, weightings, allowMissing, labelsColumn, targetLabels, values);
  }

  /** The weighting the ranking uses (the first). */
  public Weighting ranking() {
    return weightings.get(0);
  }

  /** {@code value} when it is a split a run may score; fails naming the splits otherwise. */
  public static String checkSplit(String value) {
    if (value == null || !SPLITS.contains(value)) {
      throw new IllegalArgumentException(
          "Cannot score split " + value + ": expected train, test or all");
    }
    return value;
  }

  static List<Weighting> checkWeightings(List<Weighting> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("Cannot score: no weighting chosen");
    }
    Set<Weighting> seen = new HashSet<>();
    for (Weighting w : values) {
      if (w == null) {
        throw new IllegalArgumentException("Cannot score: a weighting is null");
      }
      if (!seen.add(w)) {
        throw new IllegalArgumentException("Cannot score: weighting " + w.id() + " is given twice");
      }
    }
    return List.copyOf(values);
  }

  private static String checkColumn(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot score: " + option + " needs a column name: '" + value + "'");
    }
    return value;
  }

  static List<String> checkTargetLabels(List<String> values) {
    if (values == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    for (String v : values) {
      checkColumn("--target-labels", v);
      if (v.equals(ScoreColumns.RECORD_ID)) {
        throw new IllegalArgumentException(
            "Cannot score: --target-labels names "
                + ScoreColumns.RECORD_ID
                + ", which is no label");
      }
      if (!seen.add(v)) {
        throw new IllegalArgumentException("Cannot score: --target-labels names " + v + " twice");
      }
    }
    return List.copyOf(values);
  }

  static Map<String, List<String>> checkSourceLabels(Map<String, List<String>> values) {
    if (values == null) {
      return Map.of();
    }
    values.forEach(
        (checkpoint, labels) -> {
          if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException(
                "Cannot score: the source labels of checkpoint " + checkpoint + " are empty");
          }
          if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException(
                "Cannot score: the source labels of checkpoint "
                    + checkpoint
                    + " repeat a label: "
                    + labels);
          }
        });
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
