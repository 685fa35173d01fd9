package org.melep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.melep.score.TableReader;
import org.melep.spark.FirstRow;
import org.melep.status.Status;

/**
 * Reads and checks the report's inputs: the scores table ({@code melep score}'s {@code O/scores},
 * given as {@code O} or as the table) and the fine-tuning ground truth ({@code G/finetune}, given
 * as {@code G} or as the table), and brings them to one shape.
 */
public final class ReportInputs {
  private ReportInputs() {}

  /**
   * {@code path/child} when it exists (a folder of outputs), else {@code path} (the table itself).
   */
  public static String resolve(SparkSession spark, String path, String child) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("Cannot read " + path + ": no such file or folder");
      }
      Path c = new Path(p, child);
      return fs.exists(c) ? c.toString() : path;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }

  /**
   * The scores as {@code fold_id, checkpoint, metric, weighting, value, status, n, positives}:
   * {@code metric} is "melep" when the table has no metric column, {@code value} the {@code value}
   * column or else {@code melep}; {@code n} and {@code positives} are null when absent; a status
   * that keeps its value with a caveat reads {@code ok} ({@link #usableStatus}).
   */
  public static Dataset<Row> scores(Dataset<Row> raw, String name) {
    for (String c :
        List.of(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT, ReportColumns.STATUS)) {
      TableReader.requireColumn(raw, c, name);
    }
    boolean hasValue = TableReader.hasColumn(raw, ReportColumns.VALUE);
    if (!hasValue) {
      TableReader.requireColumn(raw, ReportColumns.MELEP, name);
    }
    Column metric =
        TableReader.hasColumn(raw, ReportColumns.METRIC)
            ? lower(trim(col(ReportColumns.METRIC)))
            : lit("melep");
    Column weighting =
        TableReader.hasColumn(raw, ReportColumns.WEIGHTING)
            ? lower(trim(col(ReportColumns.WEIGHTING)))
            : lit("code");
    Column n =
        TableReader.hasColumn(raw, ReportColumns.N)
            ? col(ReportColumns.N).cast(DataTypes.LongType)
            : lit(null).cast(DataTypes.LongType);
    Column positives =
        TableReader.hasColumn(raw, ReportColumns.POSITIVES)
            ? TableReader.asArray(raw, ReportColumns.POSITIVES, DataTypes.LongType, name)
            : lit(null).cast(DataTypes.createArrayType(DataTypes.LongType));
    Column value =
        col(hasValue ? ReportColumns.VALUE : ReportColumns.MELEP).cast(DataTypes.DoubleType);
    return raw.select(
        col(ReportColumns.FOLD_ID).cast(DataTypes.StringType).as(ReportColumns.FOLD_ID),
        col(ReportColumns.CHECKPOINT).cast(DataTypes.StringType).as(ReportColumns.CHECKPOINT),
        metric.as(ReportColumns.METRIC),
        functions.coalesce(weighting, lit("code")).as(ReportColumns.WEIGHTING),
        value.as(ReportColumns.VALUE),
        usableStatus(col(ReportColumns.STATUS).cast(DataTypes.StringType)).as(ReportColumns.STATUS),
        n.as(ReportColumns.N),
        positives.as(ReportColumns.POSITIVES));
  }

  /**
   * {@code ok} for a value kept with a caveat (a feature metric's {@code rank-deficient: ...} or
   * {@code constant-features: ...}, {@link Status.Ok#NOTES}): such a row has its value and counts
   * as every ok row does; any other status is kept as it is.
   */
  static Column usableStatus(Column status) {
    Column noted = lit(false);
    for (String note : Status.Ok.NOTES) {
      noted = noted.or(status.startsWith(note + ": "));
    }
    return functions.when(noted, lit(Status.Ok.TEXT)).otherwise(status);
  }

  /**
   * The fine-tuning rows as {@code fold_id, checkpoint, seed, epoch_rule, weighted_f1, status,
   * reason, source_dataset, architecture, target_dataset}, checked: epoch_rule is paper or
   * validation, status ok, not_finetunable or failed, an ok row has a weighted F1 in [0, 1], and no
   * (fold, checkpoint, seed, epoch_rule) appears twice.
   */
  public static Dataset<Row> finetune(Dataset<Row> raw, String name, String defaultTarget) {
    for (String c :
        List.of(
            ReportColumns.FOLD_ID,
            ReportColumns.CHECKPOINT,
            ReportColumns.SEED,
            ReportColumns.EPOCH_RULE,
            ReportColumns.WEIGHTED_F1,
            ReportColumns.STATUS)) {
      TableReader.requireColumn(raw, c, name);
    }
    Dataset<Row> t =
        raw.select(
            col(ReportColumns.FOLD_ID).cast(DataTypes.StringType).as(ReportColumns.FOLD_ID),
            col(ReportColumns.CHECKPOINT).cast(DataTypes.StringType).as(ReportColumns.CHECKPOINT),
            col(ReportColumns.SEED).cast(DataTypes.LongType).as(ReportColumns.SEED),
            lower(trim(col(ReportColumns.EPOCH_RULE).cast(DataTypes.StringType)))
                .as(ReportColumns.EPOCH_RULE),
            col(ReportColumns.WEIGHTED_F1).cast(DataTypes.DoubleType).as(ReportColumns.WEIGHTED_F1),
            lower(trim(col(ReportColumns.STATUS).cast(DataTypes.StringType)))
                .as(ReportColumns.STATUS),
            optional(raw, ReportColumns.REASON, null).as(ReportColumns.REASON),
            optional(raw, ReportColumns.SOURCE_DATASET, null).as(ReportColumns.SOURCE_DATASET),
            optional(raw, ReportColumns.ARCHITECTURE, null).as(ReportColumns.ARCHITECTURE),
            functions
                .coalesce(optional(raw, ReportColumns.TARGET_DATASET, null), lit(defaultTarget))
                .as(ReportColumns.TARGET_DATASET));
    Column f1 = col(ReportColumns.WEIGHTED_F1);
    Column ok = col(ReportColumns.STATUS).equalTo("ok");
    Column[] bad = {
      col(ReportColumns.FOLD_ID).isNull().or(col(ReportColumns.CHECKPOINT).isNull()),
      col(ReportColumns.EPOCH_RULE)
          .isNull()
          .or(functions.not(col(ReportColumns.EPOCH_RULE).isin("paper", "validation"))),
      col(ReportColumns.STATUS)
          .isNull()
          .or(functions.not(col(ReportColumns.STATUS).isin("ok", "not_finetunable", "failed"))),
      ok.and(f1.isNull().or(f1.isNaN()).or(f1.lt(0)).or(f1.gt(1))),
      ok.and(col(ReportColumns.SEED).isNull())
    };
    String[][] what = {
      {ReportColumns.FOLD_ID + "/" + ReportColumns.CHECKPOINT, "is null"},
      {ReportColumns.EPOCH_RULE, "is not paper or validation"},
      {ReportColumns.STATUS, "is not ok, not_finetunable or failed"},
      {ReportColumns.WEIGHTED_F1, "is not a number in [0, 1] on an ok row"},
      {ReportColumns.SEED, "is null on an ok row"}
    };
    // one pass finds a bad row, if any; the conditions are then told apart on that row
    Column anyBad = bad[0];
    Column[] flags = new Column[bad.length + 1];
    flags[0] = col("*");
    for (int i = 0; i < bad.length; i++) {
      anyBad = i == 0 ? anyBad : anyBad.or(bad[i]);
      flags[i + 1] = functions.coalesce(bad[i], lit(false)).as("_bad" + i);
    }
    List<Row> offending = FirstRow.of(t.filter(anyBad).select(flags)).stream().toList();
    if (!offending.isEmpty()) {
      Row r = offending.get(0);
      for (int i = 0; i < bad.length; i++) {
        if (r.getBoolean(r.fieldIndex("_bad" + i))) {
          fail(r, name, what[i][0], what[i][1]);
        }
      }
    }
    List<Row> twice =
        FirstRow.of(
                t.groupBy(
                        ReportColumns.FOLD_ID,
                        ReportColumns.CHECKPOINT,
                        ReportColumns.SEED,
                        ReportColumns.EPOCH_RULE)
                    .count()
                    .filter(col("count").gt(1)))
            .stream()
            .toList();
    if (!twice.isEmpty()) {
      Row r = twice.get(0);
      throw new BadReportDataException(
          "Cannot read the "
              + name
              + " table: fold "
              + r.get(0)
              + ", checkpoint "
              + r.get(1)
              + ", seed "
              + r.get(2)
              + ", epoch_rule "
              + r.get(3)
              + " appears "
              + r.get(4)
              + " times");
    }
    return t;
  }

  private static Column optional(Dataset<Row> raw, String column, String dflt) {
    return TableReader.hasColumn(raw, column)
        ? col(column).cast(DataTypes.StringType)
        : lit(dflt).cast(DataTypes.StringType);
  }

  /** Names the table, the row's keys, the column and its value. */
  private static void fail(Row r, String name, String column, String why) {
    Object value = column.contains("/") ? r.get(0) + "/" + r.get(1) : r.getAs(column);
    throw new BadReportDataException(
        "Cannot read the "
            + name
            + " table: fold "
            + r.getAs(ReportColumns.FOLD_ID)
            + ", checkpoint "
            + r.getAs(ReportColumns.CHECKPOINT)
            + ", seed "
            + r.getAs(ReportColumns.SEED)
            + ": column "
            + column
            + " "
            + why
            + ": "
            + value);
  }
}
