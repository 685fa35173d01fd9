package org.melep.score;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Checks a raw folds table before anything is computed from it: {@code fold_id} and {@code
 * record_id} present and never null, and {@code split} (when present) exactly {@code train} or
 * {@code test} on every row. A bad row is an {@link InvalidValueException} naming the fold, the
 * record and the value; no row is ever dropped silently.
 */
public final class FoldsInput {
  public static final List<String> SPLITS = List.of("train", "test");

  private FoldsInput() {}

  public static void check(Dataset<Row> raw) {
    TableReader.requireColumn(raw, ScoreColumns.FOLD_ID, "folds");
    TableReader.requireColumn(raw, ScoreColumns.RECORD_ID, "folds");
    Column fold = col(ScoreColumns.FOLD_ID).cast(DataTypes.StringType);
    Column record = col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType);
    boolean hasSplit = TableReader.hasColumn(raw, ScoreColumns.SPLIT);
    Column split = hasSplit ? col(ScoreColumns.SPLIT).cast(DataTypes.StringType) : org.apache.spark.sql.functions.lit("train");
    Column bad = fold.isNull().or(record.isNull()).or(split.isNull()).or(split.isin(SPLITS.toArray()).unary_$bang());
    List<Row> rows = raw.select(fold, record, split).filter(bad).limit(1).collectAsList();
    if (rows.isEmpty()) {
      return;
    }
    Row r = rows.get(0);
    String where = "fold " + r.getString(0) + ", record " + r.getString(1);
    if (r.isNullAt(0) || r.isNullAt(1)) {
      throw new InvalidValueException(
          "Cannot read the folds table: a row has no " + (r.isNullAt(0) ? "fold_id" : "record_id") + " (" + where + ")");
    }
    throw new InvalidValueException(
        "Cannot read the folds table: " + where + ": split is "
            + (r.isNullAt(2) ? "null" : "'" + r.getString(2) + "'") + ", expected train or test");
  }
}
