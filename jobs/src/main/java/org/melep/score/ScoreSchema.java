package org.melep.score;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The scores table written by {@code melep score} (columns documented in docs/scoring.md). */
public final class ScoreSchema {
  private ScoreSchema() {}

  public static final StructType SCHEMA =
      new StructType()
          .add(ScoreColumns.FOLD_ID, DataTypes.StringType, false)
          .add(ScoreColumns.CHECKPOINT, DataTypes.StringType, false)
          .add(ScoreColumns.SPLIT, DataTypes.StringType, false)
          .add(ScoreColumns.WEIGHTING, DataTypes.StringType, false)
          .add(ScoreColumns.MELEP, DataTypes.DoubleType, true)
          .add(ScoreColumns.STATUS, DataTypes.StringType, false)
          .add(ScoreColumns.N, DataTypes.LongType, false)
          .add(ScoreColumns.LABELS, DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add(
              ScoreColumns.PER_LABEL, DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add(ScoreColumns.POSITIVES, DataTypes.createArrayType(DataTypes.LongType, false), false)
          .add(ScoreColumns.N_SOURCE_LABELS, DataTypes.IntegerType, false)
          .add(ScoreColumns.N_FOLD_RECORDS, DataTypes.LongType, false)
          .add(ScoreColumns.N_MISSING_PREDICTIONS, DataTypes.LongType, false)
          .add(ScoreColumns.N_MISSING_TARGETS, DataTypes.LongType, false);
}
