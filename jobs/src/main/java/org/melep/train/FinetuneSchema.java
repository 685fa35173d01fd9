package org.melep.train;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables {@code melep train finetune} writes (a contract with the report): {@code G/finetune}
 * has one row per (fold_id, checkpoint, seed, epoch_rule), {@code G/curves} one per (fold_id,
 * checkpoint, seed, epoch).
 */
public final class FinetuneSchema {
  private FinetuneSchema() {}

  public static final String RESULTS = "finetune";
  public static final String CURVES = "curves";

  public static final String OK = org.melep.status.Status.Ok.TEXT;
  public static final String NOT_FINETUNABLE = "not_finetunable";
  public static final String FAILED = org.melep.status.Status.Failed.PREFIX;
  public static final String RULE_PAPER = "paper";
  public static final String RULE_VALIDATION = "validation";
  public static final String MODE_FULL = "full";
  public static final String MODE_HEAD = "head";

  public static final StructType RESULTS_SCHEMA =
      new StructType()
          .add("fold_id", DataTypes.StringType, false)
          .add("checkpoint", DataTypes.StringType, false)
          .add("checkpoint_sha256", DataTypes.StringType, false)
          .add("architecture", DataTypes.StringType, true)
          .add("source_dataset", DataTypes.StringType, true)
          .add("mode", DataTypes.StringType, false)
          .add("seed", DataTypes.IntegerType, false)
          .add("epoch_rule", DataTypes.StringType, false)
          .add("epoch", DataTypes.IntegerType, true)
          .add("weighted_f1", DataTypes.DoubleType, true)
          .add("macro_f1", DataTypes.DoubleType, true)
          .add("mean_auroc", DataTypes.DoubleType, true)
          .add("labels", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("per_label_f1", DataTypes.createArrayType(DataTypes.DoubleType, false), true)
          .add("n_train", DataTypes.LongType, false)
          .add("n_test", DataTypes.LongType, false)
          .add("status", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, true);

  public static final StructType CURVES_SCHEMA =
      new StructType()
          .add("fold_id", DataTypes.StringType, false)
          .add("checkpoint", DataTypes.StringType, false)
          .add("seed", DataTypes.IntegerType, false)
          .add("epoch", DataTypes.IntegerType, false)
          .add("train_loss", DataTypes.DoubleType, false)
          .add("validation_weighted_f1", DataTypes.DoubleType, false)
          .add("test_weighted_f1", DataTypes.DoubleType, false);
}
