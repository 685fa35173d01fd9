package org.melep.score;

import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;

/**
 * Reads an input table through Spark's data sources (any Hadoop file system path) and brings array
 * columns to their types: in CSV an array is one text field of {@code |}-separated values.
 */
public final class TableReader {
  private TableReader() {}

  /** The formats {@link #read} accepts. */
  public static final java.util.List<String> FORMATS =
      java.util.List.of("parquet", "json", "csv", "orc");

  /** Checks a format name without reading anything (for option checks before Spark starts). */
  public static void requireFormat(String format) {
    if (format == null || !FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "Cannot read tables: unknown --format "
              + format
              + " (expected parquet, json, csv or orc)");
    }
  }

  public static Dataset<Row> read(SparkSession spark, String path, String format) {
    String f = format.toLowerCase(Locale.ROOT);
    switch (f) {
      case "parquet":
      case "json":
      case "orc":
        return spark.read().format(f).load(path);
      case "csv":
        return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
      default:
        throw new IllegalArgumentException(
            "Cannot read "
                + path
                + ": unknown format "
                + format
                + " (expected parquet, json, csv or orc)");
    }
  }

  /** Requires a column to exist, naming the table and the columns it has. */
  public static void requireColumn(Dataset<Row> table, String column, String tableName) {
    if (!hasColumn(table, column)) {
      throw new IllegalArgumentException(
          "Cannot read the "
              + tableName
              + " table: missing column "
              + column
              + "; it has "
              + String.join(", ", table.columns()));
    }
  }

  public static boolean hasColumn(Dataset<Row> table, String column) {
    for (String c : table.columns()) {
      if (c.equals(column)) {
        return true;
      }
    }
    return false;
  }

  /** The column as {@code array<elementType>}: text is split on {@code |}, numbers are cast. */
  public static Column asArray(
      Dataset<Row> table, String column, DataType elementType, String tableName) {
    DataType type = table.schema().apply(column).dataType();
    Column c = functions.col(column);
    if (type instanceof StringType) {
      c = functions.split(functions.trim(c), "\\s*\\|\\s*");
    } else if (!(type instanceof ArrayType)) {
      throw new IllegalArgumentException(
          "Cannot read the "
              + tableName
              + " table: column "
              + column
              + " must be an array (or "
              + "|-separated text), not "
              + type.simpleString());
    }
    return c.cast(DataTypes.createArrayType(elementType));
  }

  /** A constant {@code array<string>} column. */
  public static Column literalArray(java.util.List<String> values) {
    return functions.array(values.stream().map(functions::lit).toArray(Column[]::new));
  }
}
