package org.melep.score;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.melep.spark.FirstRow;

/**
 * The target table as {@code (record_id, target_labels)}: the positive target label names of each
 * record, from a {@code labels} array column or from one 0/1 column per label.
 *
 * <p>Which columns are labels: the columns named explicitly ({@code --target-labels}); else, when
 * the table has the labels array column, that column; else every column other than {@code
 * record_id}. A 0/1 column must hold exactly 0 or 1 (or a boolean, see {@link TargetFlag}) on every
 * row: anything else, null included, is an {@link InvalidValueException} naming the column, the
 * record and the value, never a silent negative.
 */
public final class TargetsTable {
  public static final String TARGET_LABELS = "target_labels";

  private static final StructType ROWS =
      new StructType()
          .add(ScoreColumns.RECORD_ID, DataTypes.StringType, true)
          .add(TARGET_LABELS, DataTypes.createArrayType(DataTypes.StringType, false), false);

  private final Dataset<Row> rows;
  private final List<String> labelColumns;

  private TargetsTable(Dataset<Row> rows, List<String> labelColumns) {
    this.rows = rows;
    this.labelColumns = labelColumns;
  }

  /** {@code record_id, target_labels array<string>}. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The label names when the table had one 0/1 column per label (in column order), else empty. */
  public List<String> labelColumns() {
    return labelColumns;
  }

  /** {@link #of(Dataset, String, List)} without explicit label columns. */
  public static TargetsTable of(Dataset<Row> raw, String labelsColumn) {
    return of(raw, labelsColumn, List.of());
  }

  /**
   * @param labelsColumn the array column of positive label names (null or empty: no positive label,
   *     as an empty CSV field reads)
   * @param flagColumns the 0/1 label columns; empty: the labels column when the table has it, else
   *     every column other than {@code record_id}
   */
  public static TargetsTable of(Dataset<Row> raw, String labelsColumn, List<String> flagColumns) {
    TableReader.requireColumn(raw, ScoreColumns.RECORD_ID, "targets");
    Column id = col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType).as(ScoreColumns.RECORD_ID);
    if (flagColumns.isEmpty() && TableReader.hasColumn(raw, labelsColumn)) {
      Dataset<Row> rows =
          raw.select(
              id,
              functions
                  .coalesce(
                      TableReader.asArray(raw, labelsColumn, DataTypes.StringType, "targets"),
                      functions.array().cast(DataTypes.createArrayType(DataTypes.StringType)))
                  .as(TARGET_LABELS));
      List<Row> nullLabel =
          FirstRow.of(
                  rows.filter(
                      col(ScoreColumns.RECORD_ID)
                          .isNull()
                          .or(functions.exists(col(TARGET_LABELS), Column::isNull))))
              .stream()
              .toList();
      if (!nullLabel.isEmpty() && nullLabel.get(0).isNullAt(0)) {
        throw new InvalidValueException(
            "Cannot read the targets table: a row has no record_id (null)");
      }
      if (!nullLabel.isEmpty()) {
        throw new InvalidValueException(
            "Cannot read the targets table: column "
                + labelsColumn
                + " of record "
                + nullLabel.get(0).getString(0)
                + " holds a null label name");
      }
      return new TargetsTable(rows, List.of());
    }
    List<String> names = flagColumns.isEmpty() ? otherColumns(raw) : List.copyOf(flagColumns);
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read the targets table: it has neither a "
              + labelsColumn
              + " array column nor 0/1 label columns; it has "
              + String.join(", ", raw.columns()));
    }
    List<Column> selected = new ArrayList<>();
    selected.add(id);
    for (String name : names) {
      TableReader.requireColumn(raw, name, "targets");
      DataType type = raw.schema().apply(name).dataType();
      if (!(type instanceof NumericType
          || type instanceof BooleanType
          || type instanceof StringType)) {
        throw new InvalidValueException(
            "Cannot read the targets table: label column "
                + name
                + " is "
                + type.simpleString()
                + ", not 0/1"
                + hint(flagColumns, labelsColumn));
      }
      selected.add(col(name));
    }
    Dataset<Row> flags = raw.select(selected.toArray(new Column[0]));
    List<Row> bad =
        FirstRow.of(flags.filter((FilterFunction<Row>) TargetsTable::hasBadFlag)).stream().toList();
    if (!bad.isEmpty()) {
      Row r = bad.get(0);
      if (r.isNullAt(0)) {
        throw new InvalidValueException(
            "Cannot read the targets table: a row has no record_id (null)");
      }
      for (int k = 1; k < r.length(); k++) {
        if (TargetFlag.parse(r.get(k)) == null) {
          throw new InvalidValueException(
              "Cannot read the targets table: column "
                  + names.get(k - 1)
                  + " of record "
                  + r.getString(0)
                  + " is "
                  + TargetFlag.show(r.get(k))
                  + ", not 0 or 1"
                  + hint(flagColumns, labelsColumn));
        }
      }
    }
    String[] labelNames = names.toArray(new String[0]);
    Dataset<Row> rows =
        flags.map((MapFunction<Row, Row>) r -> positives(r, labelNames), Encoders.row(ROWS));
    return new TargetsTable(rows, List.copyOf(names));
  }

  private static List<String> otherColumns(Dataset<Row> raw) {
    List<String> names = new ArrayList<>();
    for (String c : raw.columns()) {
      if (!c.equals(ScoreColumns.RECORD_ID)) {
        names.add(c);
      }
    }
    return names;
  }

  private static String hint(List<String> flagColumns, String labelsColumn) {
    return flagColumns.isEmpty()
        ? " (without a "
            + labelsColumn
            + " column every other column is a 0/1 label; name the label columns with --target-labels)"
        : "";
  }

  private static boolean hasBadFlag(Row r) {
    if (r.isNullAt(0)) {
      return true;
    }
    for (int k = 1; k < r.length(); k++) {
      if (TargetFlag.parse(r.get(k)) == null) {
        return true;
      }
    }
    return false;
  }

  private static Row positives(Row r, String[] names) {
    List<String> out = new ArrayList<>();
    for (int k = 1; k < r.length(); k++) {
      if (Boolean.TRUE.equals(TargetFlag.parse(r.get(k)))) {
        out.add(names[k - 1]);
      }
    }
    return RowFactory.create(r.getString(0), out.toArray(new String[0]));
  }
}
