package org.melep.fold;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The folds table (shared contract) and the per-fold summary table {@code melep folds} writes. */
public final class FoldsSchema {
  private FoldsSchema() {}

  public static final String FOLD_ID = "fold_id";
  public static final String N_LABELS = "n_labels";
  public static final String LABELS = "labels";
  public static final String RECORD_ID = "record_id";
  public static final String SPLIT = "split";
  public static final String TRAIN = "train";
  public static final String TEST = "test";

  /** One row per (fold, record): {@code fold_id, n_labels, labels, record_id, split}. */
  public static final StructType SCHEMA =
      new StructType()
          .add(FOLD_ID, DataTypes.IntegerType, false)
          .add(N_LABELS, DataTypes.IntegerType, false)
          .add(LABELS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(RECORD_ID, DataTypes.StringType, false)
          .add(SPLIT, DataTypes.StringType, false);

  /** One row per (fold, label): positives of the label in each split. */
  public static final StructType SUMMARY_SCHEMA =
      new StructType()
          .add(FOLD_ID, DataTypes.IntegerType, false)
          .add(N_LABELS, DataTypes.IntegerType, false)
          .add("label", DataTypes.StringType, false)
          .add("train_records", DataTypes.IntegerType, false)
          .add("test_records", DataTypes.IntegerType, false)
          .add("train_positives", DataTypes.IntegerType, false)
          .add("test_positives", DataTypes.IntegerType, false)
          .add("eligible_records", DataTypes.LongType, false)
          .add("attempt", DataTypes.IntegerType, false)
          .add("flagged", DataTypes.BooleanType, false)
          .add("flag_reason", DataTypes.StringType, true);

  /** Where the summary of a folds table at {@code foldsPath} goes: beside it, {@code _summary}. */
  public static String summaryPath(String foldsPath) {
    String p = foldsPath.endsWith("/") ? foldsPath.substring(0, foldsPath.length() - 1) : foldsPath;
    return p + "_summary";
  }
}
