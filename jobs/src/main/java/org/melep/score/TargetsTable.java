package org.melep.score;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The target table as {@code (record_id, target_labels)}: the positive target label names of each
 * record, from a {@code labels} array column or from one 0/1 column per label.
 */
public final class TargetsTable {
  public static final String TARGET_LABELS = "target_labels";

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

  /**
   * @param labelsColumn the array column of positive label names (null or empty: no positive
   *     label, as an empty CSV field reads); when the table has no such
   *     column, every numeric or boolean column other than {@code record_id} is a 0/1 label
   */
  public static TargetsTable of(Dataset<Row> raw, String labelsColumn) {
    TableReader.requireColumn(raw, ScoreColumns.RECORD_ID, "targets");
    Column id = col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType).as(ScoreColumns.RECORD_ID);
    if (TableReader.hasColumn(raw, labelsColumn)) {
      Dataset<Row> rows =
          raw.select(
              id,
              functions.coalesce(
                      TableReader.asArray(raw, labelsColumn, DataTypes.StringType, "targets"),
                      functions.array().cast(DataTypes.createArrayType(DataTypes.StringType)))
                  .as(TARGET_LABELS));
      return new TargetsTable(rows, List.of());
    }
    List<String> names = new ArrayList<>();
    List<Column> flags = new ArrayList<>();
    for (StructField f : raw.schema().fields()) {
      if (f.name().equals(ScoreColumns.RECORD_ID)) {
        continue;
      }
      if (f.dataType() instanceof NumericType || f.dataType().equals(DataTypes.BooleanType)) {
        names.add(f.name());
        Column c = col(f.name()).cast(DataTypes.DoubleType);
        flags.add(functions.when(c.equalTo(1.0), functions.lit(f.name())));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read the targets table: it has neither a " + labelsColumn
              + " array column nor 0/1 label columns; it has " + String.join(", ", raw.columns()));
    }
    Column labels =
        functions.filter(functions.array(flags.toArray(new Column[0])), Column::isNotNull);
    return new TargetsTable(raw.select(id, labels.as(TARGET_LABELS)), List.copyOf(names));
  }
}
