package org.melep.score;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.melep.spark.FirstRow;

/**
 * Checks a raw folds table before anything is computed from it: {@code fold_id} and {@code
 * record_id} present and never null, and {@code split} (when present) exactly {@code train} or
 * {@code test} on every row. A bad row is an {@link InvalidValueException} naming the fold, the
 * record and the value; no row is ever dropped silently.
 */
public final class FoldsInput {
  public static final List<String> SPLITS = List.of("train", "test");

  private FoldsInput() {}

  /**
   * Fails (invalid input) when every fold has a target label that no record of the targets has:
   * every group would be degenerate, typically because the targets come from another label set than
   * the folds (with {@code --corpus}: a {@code --label-set} that does not match them). Folds with
   * such a label, among others that are fine, are scored as degenerate groups naming it.
   *
   * @param foldLabelLists the label list of every fold (duplicates allowed)
   */
  public static void requireSharedLabels(
      java.util.Collection<List<String>> foldLabelLists,
      java.util.SortedSet<String> targetLabels,
      String targetsName) {
    java.util.TreeSet<String> absent = new java.util.TreeSet<>();
    for (List<String> labels : foldLabelLists) {
      List<String> missing =
          labels.stream().filter(l -> l != null && !targetLabels.contains(l)).toList();
      if (missing.isEmpty()) {
        return;
      }
      absent.addAll(missing);
    }
    if (absent.isEmpty()) {
      return;
    }
    throw new IllegalArgumentException(
        "Cannot score: every fold has a label that no record of "
            + targetsName
            + " has ("
            + sample(absent)
            + "; "
            + (targetLabels.isEmpty()
                ? "no record has any positive label"
                : "they have " + sample(targetLabels))
            + "): every group would be degenerate");
  }

  /**
   * The distinct label lists of the folds table ({@code labels} column, text split on {@code |}).
   */
  public static List<List<String>> distinctLabelLists(Dataset<Row> folds, int limit) {
    List<List<String>> out = new java.util.ArrayList<>();
    for (Row r :
        folds
            .select(TableReader.asArray(folds, ScoreColumns.LABELS, DataTypes.StringType, "folds"))
            .distinct()
            .limit(limit)
            .collectAsList()) {
      if (!r.isNullAt(0)) {
        out.add(r.<String>getList(0));
      }
    }
    return out;
  }

  /** The distinct values of an array column (text split on {@code |}), at most {@code limit}. */
  public static java.util.TreeSet<String> distinctLabels(
      Dataset<Row> table, String column, String tableName, int limit) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>();
    for (Row r :
        table
            .select(
                org.apache.spark.sql.functions.explode(
                    TableReader.asArray(table, column, DataTypes.StringType, tableName)))
            .distinct()
            .limit(limit)
            .collectAsList()) {
      if (!r.isNullAt(0)) {
        out.add(r.getString(0));
      }
    }
    return out;
  }

  private static String sample(java.util.Collection<String> values) {
    List<String> first = values.stream().limit(5).toList();
    return String.join(", ", first)
        + (values.size() > 5 ? ", ... " + values.size() + " in all" : "");
  }

  /** Why the folds row {@code (fold_id, record_id, split)} is unusable, or null when it is fine. */
  public static String problem(String fold, String record, String split) {
    return problem(fold, record, split, List.of("-"));
  }

  /**
   * Why the folds row {@code (fold_id, record_id, split, labels)} is unusable, or null when it is
   * fine; {@code labels} is the row's label list (null when the value is null).
   */
  public static String problem(String fold, String record, String split, List<String> labels) {
    String where = "fold " + fold + ", record " + record;
    if (fold == null || record == null) {
      return "Cannot read the folds table: a row has no "
          + (fold == null ? "fold_id" : "record_id")
          + " ("
          + where
          + ")";
    }
    if (split == null || !SPLITS.contains(split)) {
      return "Cannot read the folds table: "
          + where
          + ": split is "
          + (split == null ? "null" : "'" + split + "'")
          + ", expected train or test";
    }
    if (labels == null || labels.isEmpty() || labels.stream().anyMatch(java.util.Objects::isNull)) {
      return "Cannot read the folds table: "
          + where
          + ": labels is "
          + (labels == null ? "null" : labels.isEmpty() ? "empty" : "a list with a null label")
          + " (the fold's target labels)";
    }
    return null;
  }

  public static void check(Dataset<Row> raw) {
    TableReader.requireColumn(raw, ScoreColumns.FOLD_ID, "folds");
    TableReader.requireColumn(raw, ScoreColumns.RECORD_ID, "folds");
    Column fold = col(ScoreColumns.FOLD_ID).cast(DataTypes.StringType);
    Column record = col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType);
    boolean hasSplit = TableReader.hasColumn(raw, ScoreColumns.SPLIT);
    Column split =
        hasSplit
            ? col(ScoreColumns.SPLIT).cast(DataTypes.StringType)
            : org.apache.spark.sql.functions.lit("train");
    Column labels =
        TableReader.hasColumn(raw, ScoreColumns.LABELS)
            ? TableReader.asArray(raw, ScoreColumns.LABELS, DataTypes.StringType, "folds")
            : org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.lit("-"));
    List<Row> rows =
        FirstRow.of(
                raw.select(fold, record, split, labels)
                    .filter((FilterFunction<Row>) r -> problem(r) != null))
            .stream()
            .toList();
    if (!rows.isEmpty()) {
      throw new InvalidValueException(problem(rows.get(0)));
    }
  }

  private static String problem(Row r) {
    return problem(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.isNullAt(3) ? null : r.<String>getList(3));
  }
}
