package org.melep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Pearson and Spearman correlations of score and fine-tuned F1 per (epoch rule, variant,
 * checkpoint) across folds, and between two variants per (epoch rule, checkpoint), all groups in
 * one Spark aggregation over the joined table. Each group is a set of pairs (x, y), one per fold
 * where both values are present (not null, not NaN), so every group uses exactly its folds. Pearson
 * is Spark SQL's {@code corr} aggregate (a mergeable co-moment state, merged across partitions,
 * then finished); Spearman is the same {@code corr} of the average ranks (ties get the mean of the
 * ranks they span) of x and of y within the group, from window functions. A group with fewer than
 * two pairs or a constant column gets NaN.
 */
public final class SparkCorrelations {
  private static final String F1_KEY = "\u0000f1";

  private SparkCorrelations() {}

  /** Key of a group. */
  public record Group(String epochRule, String variant, String checkpoint) {}

  /** Pearson and Spearman of a group over {@code n} folds. */
  public record Pair(long n, double pearson, double spearman) {}

  /** The per-group score-F1 correlations and the per-checkpoint variant-variant correlations. */
  public record Result(Map<Group, Pair> scoreVsF1, Map<Group, Map<String, Pair>> betweenVariants) {}

  public static Result compute(
      Dataset<Row> joined,
      List<String> epochRules,
      List<String> variants,
      List<String> checkpoints) {
    Column inScope =
        col(ReportColumns.EPOCH_RULE)
            .isin(epochRules.toArray())
            .and(col(ReportColumns.CHECKPOINT).isin(checkpoints.toArray()));
    Dataset<Row> scores =
        longForm(
            joined.filter(
                inScope
                    .and(col(ReportColumns.VARIANT).isin(variants.toArray()))
                    .and(present(ReportColumns.SCORE))),
            col(ReportColumns.VARIANT),
            ReportColumns.SCORE);
    Dataset<Row> f1 =
        longForm(
                joined.filter(
                    inScope
                        .and(col(ReportColumns.SCORE).isNotNull())
                        .and(present(ReportColumns.F1))),
                lit(F1_KEY),
                ReportColumns.F1)
            .distinct();
    Dataset<Row> values = scores.unionByName(f1);
    Dataset<Row> a = values.toDF("rule", "fold", "checkpoint", "a", "x");
    Dataset<Row> b = values.toDF("rule", "fold", "checkpoint", "b", "y");
    // every (a, b) pair of keys of a fold and checkpoint: (variant, F1) and (variant, variant)
    Dataset<Row> pairs =
        a.join(b, scala(List.of("rule", "fold", "checkpoint")))
            .filter(col("a").notEqual(lit(F1_KEY)).and(col("a").notEqual(col("b"))));
    Column[] group = {col("rule"), col("checkpoint"), col("a"), col("b")};
    Dataset<Row> ranked =
        pairs.withColumn("rx", averageRank("x", group)).withColumn("ry", averageRank("y", group));
    Map<Group, Pair> out = new LinkedHashMap<>();
    Map<Group, Map<String, Pair>> between = new LinkedHashMap<>();
    for (Row r :
        ranked
            .groupBy(group)
            .agg(count(lit(1)), corr("x", "y"), corr("rx", "ry"))
            .orderBy(group)
            .collectAsList()) {
      long n = r.getLong(4);
      Pair pair = new Pair(n, finished(r, 5, n), finished(r, 6, n));
      Group g = new Group(r.getString(0), r.getString(2), r.getString(1));
      String other = r.getString(3);
      if (other.equals(F1_KEY)) {
        out.put(g, pair);
      } else {
        between.computeIfAbsent(g, k -> new LinkedHashMap<>()).put(other, pair);
      }
    }
    // a group without a pair is absent: callers fall back to a direct computation on the cells
    return new Result(out, between);
  }

  /** Not null and not NaN. */
  private static Column present(String column) {
    return col(column).isNotNull().and(functions.not(functions.isnan(col(column))));
  }

  /** One row per (rule, fold, checkpoint) of {@code rows}: the key and the value column as v. */
  private static Dataset<Row> longForm(Dataset<Row> rows, Column key, String value) {
    return rows.select(
        col(ReportColumns.EPOCH_RULE).as("rule"),
        col(ReportColumns.FOLD_ID).as("fold"),
        col(ReportColumns.CHECKPOINT).as("checkpoint"),
        key.as("key"),
        col(value).as("v"));
  }

  /** The average rank of {@code c} within {@code group} (ties share the mean of their ranks). */
  private static Column averageRank(String c, Column[] group) {
    WindowSpec ordered = Window.partitionBy(group).orderBy(col(c));
    Column[] tie = java.util.Arrays.copyOf(group, group.length + 1);
    tie[group.length] = col(c);
    WindowSpec ties = Window.partitionBy(tie);
    return rank().over(ordered).plus(count(lit(1)).over(ties).minus(1).divide(2.0));
  }

  /** A correlation as Spark gives it, NaN when undefined (fewer than 2 pairs, no variance). */
  private static double finished(Row r, int i, long n) {
    return n < 2 || r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  private static scala.collection.Seq<String> scala(List<String> names) {
    return scala.collection.JavaConverters.asScalaBufferConverter(names).asScala().toSeq();
  }
}
