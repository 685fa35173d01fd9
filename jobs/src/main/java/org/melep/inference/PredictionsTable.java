package org.melep.inference;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The predictions table (Parquet, partitioned by {@link #CHECKPOINT}): one row per checkpoint and
 * record. Exactly one of {@link #LOGITS} and {@link #PROBS} is non-null, as the checkpoint's
 * manifest {@code output} says; {@link #SOURCE_LABELS} names the values in order. {@link #FEATURES}
 * holds the checkpoint's feature output ({@code melep predict --features}), null when not asked.
 */
public final class PredictionsTable {
  private PredictionsTable() {}

  public static final String CHECKPOINT = "checkpoint";
  public static final String CHECKPOINT_SHA256 = "checkpoint_sha256";
  public static final String RECORD_ID = "record_id";
  public static final String LOGITS = "logits";
  public static final String PROBS = "probs";
  public static final String SOURCE_LABELS = "source_labels";

  /**
   * SHA-256 of the checkpoint's manifest contract ({@link ContractHash#canonical}); null in old
   * tables.
   */
  public static final String CONTRACT_SHA256 = "contract_sha256";

  /**
   * The record's signal fingerprint ({@link ContractHash#signalFingerprint}); null in old tables.
   */
  public static final String SIGNAL_FINGERPRINT = "signal_fingerprint";

  /**
   * The checkpoint's penultimate-layer features of the record ({@code array<float>}); null unless
   * asked.
   */
  public static final String FEATURES = "features";

  public static final StructType SCHEMA =
      new StructType()
          .add(CHECKPOINT, DataTypes.StringType, false)
          .add(CHECKPOINT_SHA256, DataTypes.StringType, false)
          .add(RECORD_ID, DataTypes.StringType, false)
          .add(LOGITS, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
          .add(PROBS, DataTypes.createArrayType(DataTypes.DoubleType, false), true)
          .add(SOURCE_LABELS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(CONTRACT_SHA256, DataTypes.StringType, true)
          .add(SIGNAL_FINGERPRINT, DataTypes.LongType, true)
          .add(FEATURES, DataTypes.createArrayType(DataTypes.FloatType, false), true);

  /**
   * Columns a table written before they existed may lack: they read as null (the rows are stale).
   */
  private static final java.util.Set<String> ADDED_LATER =
      java.util.Set.of(CONTRACT_SHA256, SIGNAL_FINGERPRINT, FEATURES);

  /**
   * Reads the table at {@code path} in {@link #SCHEMA} column order. A table with no rows has no
   * data files (Spark writes none for an empty partitioned table) and reads as empty.
   */
  public static Dataset<Row> read(SparkSession spark, String path) {
    Dataset<Row> table;
    try {
      table = spark.read().parquet(path);
    } catch (Exception e) { // AnalysisException is checked but undeclared
      if (e instanceof AnalysisException
          && String.valueOf(e.getMessage()).contains("UNABLE_TO_INFER_SCHEMA")) {
        return spark.createDataFrame(java.util.List.of(), SCHEMA);
      }
      throw e instanceof RuntimeException re
          ? re
          : new IllegalArgumentException(
              "Cannot read predictions table " + path + ": " + e.getMessage(), e);
    }
    return conform(table, path);
  }

  /** Bean rows as the table's columns, in {@link #SCHEMA} order. */
  public static Dataset<Row> fromBeans(Dataset<PredictionRow> rows) {
    return rows.select(
        col("checkpoint").as(CHECKPOINT),
        col("checkpointSha256").as(CHECKPOINT_SHA256),
        col("recordId").as(RECORD_ID),
        col("logits").as(LOGITS),
        col("probs").as(PROBS),
        col("sourceLabels").as(SOURCE_LABELS),
        col("contractSha256").as(CONTRACT_SHA256),
        col("signalFingerprint").as(SIGNAL_FINGERPRINT),
        col("features").as(FEATURES));
  }

  /** The table's columns in {@link #SCHEMA} order; fails naming the first missing/mistyped one. */
  public static Dataset<Row> conform(Dataset<Row> table, String where) {
    StructType actual = table.schema();
    java.util.List<org.apache.spark.sql.Column> columns = new java.util.ArrayList<>();
    for (StructField f : SCHEMA.fields()) {
      boolean present = java.util.Arrays.asList(actual.fieldNames()).contains(f.name());
      if (!present && ADDED_LATER.contains(f.name())) {
        columns.add(org.apache.spark.sql.functions.lit(null).cast(f.dataType()).as(f.name()));
        continue;
      }
      columns.add(col(f.name()));
      if (!present) {
        throw new IllegalArgumentException(
            "Cannot read predictions table " + where + ": missing column " + f.name());
      }
      DataType t = actual.apply(f.name()).dataType();
      if (!sameType(t, f.dataType())) {
        throw new IllegalArgumentException(
            "Cannot read predictions table "
                + where
                + ": column "
                + f.name()
                + " is "
                + t.simpleString()
                + ", expected "
                + f.dataType().simpleString());
      }
    }
    return table.select(columns.toArray(new org.apache.spark.sql.Column[0]));
  }

  private static boolean sameType(DataType a, DataType b) {
    return a.simpleString().equals(b.simpleString());
  }
}
