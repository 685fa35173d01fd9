package org.melep.transfer.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.melep.score.ScoreColumns;
import org.melep.score.ScoreSchema;
import org.melep.transfer.Metric;

/**
 * The scores table with one row per (fold, checkpoint, metric, weighting): MELEP's columns plus
 * {@value #METRIC} and {@value #VALUE}. MELEP rows keep their {@code melep} column; other metrics
 * leave it null and put their averaging over labels ({@code uniform} or {@code code}) in {@code
 * weighting}.
 */
public final class MetricScores {
  private MetricScores() {}

  public static final String METRIC = "metric";
  public static final String VALUE = "value";

  public static final StructType SCHEMA =
      ScoreSchema.SCHEMA
          .add(METRIC, DataTypes.StringType, false)
          .add(VALUE, DataTypes.DoubleType, true);

  /** MELEP's scores table in the metric schema: {@code metric = melep}, {@code value = melep}. */
  public static Dataset<Row> fromMelep(Dataset<Row> melepScores) {
    return melepScores
        .withColumn(METRIC, lit(Metric.MELEP.id()))
        .withColumn(VALUE, col(ScoreColumns.MELEP));
  }

  /** Both tables in one, in the columns of {@link #SCHEMA}. */
  public static Dataset<Row> union(Dataset<Row> melepScores, Dataset<Row> metricScores) {
    Column[] cols = new Column[SCHEMA.fields().length];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = col(SCHEMA.fields()[i].name());
    }
    return fromMelep(melepScores).select(cols).unionByName(metricScores.select(cols));
  }
}
