package org.melep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Pearson and Spearman correlations of score and fine-tuned F1 per (epoch rule, variant,
 * checkpoint) across folds, computed by spark-mllib's {@link Correlation} over the joined table:
 * per epoch rule the table is pivoted to one row per (fold, checkpoint) with F1 and one column per
 * variant; per checkpoint, one Pearson and one Spearman matrix over the folds where every column is
 * present. A group with more folds than those (a variant undefined on some folds) gets its own
 * two-column call over its own folds, so every group uses exactly its folds. The same matrices give
 * the correlation between variants per checkpoint (e.g. MELEP against the label-only score).
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
    Map<Group, Pair> out = new LinkedHashMap<>();
    Map<Group, Map<String, Pair>> between = new LinkedHashMap<>();
    // pairs present per group
    Map<Group, Long> sizes = new HashMap<>();
    for (Row r :
        joined
            .filter(col(ReportColumns.SCORE).isNotNull().and(col(ReportColumns.F1).isNotNull()))
            .groupBy(ReportColumns.EPOCH_RULE, ReportColumns.VARIANT, ReportColumns.CHECKPOINT)
            .count()
            .collectAsList()) {
      sizes.put(new Group(r.getString(0), r.getString(1), r.getString(2)), r.getLong(3));
    }
    for (String rule : epochRules) {
      Dataset<Row> part = joined.filter(col(ReportColumns.EPOCH_RULE).equalTo(rule));
      // one row per (fold, checkpoint): F1 and every variant's score
      Dataset<Row> longForm =
          part.select(
                  col(ReportColumns.FOLD_ID),
                  col(ReportColumns.CHECKPOINT),
                  col(ReportColumns.VARIANT).as("key"),
                  col(ReportColumns.SCORE).as("v"))
              .unionByName(
                  part.select(
                          col(ReportColumns.FOLD_ID),
                          col(ReportColumns.CHECKPOINT),
                          lit(F1_KEY).as("key"),
                          col(ReportColumns.F1).as("v"))
                      .distinct());
      List<Object> keys = new ArrayList<>();
      keys.add(F1_KEY);
      keys.addAll(variants);
      String[] names = new String[keys.size() + 2];
      names[0] = ReportColumns.FOLD_ID;
      names[1] = ReportColumns.CHECKPOINT;
      for (int i = 0; i < keys.size(); i++) {
        names[i + 2] = "c" + i;
      }
      Dataset<Row> wide =
          longForm
              .groupBy(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT)
              .pivot("key", keys)
              .agg(first("v"))
              .toDF(names)
              .cache();
      try {
        // per checkpoint: the variant columns it has, and (one job) its rows where all of them are
        // present
        Map<String, List<Integer>> presentBy = new LinkedHashMap<>();
        org.apache.spark.sql.Column completeRow = lit(false);
        for (String c : checkpoints) {
          List<Integer> present = new ArrayList<>();
          org.apache.spark.sql.Column all =
              col("c0").isNotNull().and(functions.not(functions.isnan(col("c0"))));
          for (int i = 0; i < variants.size(); i++) {
            if (sizes.containsKey(new Group(rule, variants.get(i), c))) {
              present.add(i);
              String name = "c" + (i + 1);
              all = all.and(col(name).isNotNull()).and(functions.not(functions.isnan(col(name))));
            }
          }
          if (!present.isEmpty()) {
            presentBy.put(c, present);
            completeRow = completeRow.or(col(ReportColumns.CHECKPOINT).equalTo(c).and(all));
          }
        }
        Map<String, Long> completeRows = new HashMap<>();
        for (Row r :
            wide.filter(completeRow).groupBy(ReportColumns.CHECKPOINT).count().collectAsList()) {
          completeRows.put(r.getString(0), r.getLong(1));
        }
        for (Map.Entry<String, List<Integer>> e : presentBy.entrySet()) {
          String c = e.getKey();
          List<Integer> present = e.getValue();
          Dataset<Row> one = wide.filter(col(ReportColumns.CHECKPOINT).equalTo(c));
          String[] inputs = new String[present.size() + 1];
          inputs[0] = "c0";
          for (int j = 0; j < present.size(); j++) {
            inputs[j + 1] = "c" + (present.get(j) + 1);
          }
          long n = completeRows.getOrDefault(c, 0L);
          Dataset<Row> complete =
              new VectorAssembler()
                  .setInputCols(inputs)
                  .setOutputCol("features")
                  .setHandleInvalid("skip")
                  .transform(one);
          Matrix pearson = n >= 2 ? matrix(complete, "pearson") : null;
          Matrix spearman = n >= 2 ? matrix(complete, "spearman") : null;
          for (int j = 0; j < present.size(); j++) {
            String v = variants.get(present.get(j));
            Group g = new Group(rule, v, c);
            if (sizes.get(g) == n && pearson != null) {
              out.put(g, new Pair(n, pearson.apply(j + 1, 0), spearman.apply(j + 1, 0)));
            } else {
              out.put(g, pair(one, inputs[j + 1], "c0", sizes.get(g)));
            }
            Map<String, Pair> row = new LinkedHashMap<>();
            for (int k = 0; k < present.size() && pearson != null; k++) {
              if (k != j) {
                row.put(
                    variants.get(present.get(k)),
                    new Pair(n, pearson.apply(j + 1, k + 1), spearman.apply(j + 1, k + 1)));
              }
            }
            between.put(g, row);
          }
        }
      } finally {
        wide.unpersist();
      }
    }
    return new Result(out, between);
  }

  private static Pair pair(Dataset<Row> wide, String a, String b, long n) {
    if (n < 2) {
      return new Pair(n, Double.NaN, Double.NaN);
    }
    Dataset<Row> two =
        new VectorAssembler()
            .setInputCols(new String[] {a, b})
            .setOutputCol("features")
            .setHandleInvalid("skip")
            .transform(wide);
    return new Pair(n, matrix(two, "pearson").apply(0, 1), matrix(two, "spearman").apply(0, 1));
  }

  private static Matrix matrix(Dataset<Row> features, String method) {
    return (Matrix) Correlation.corr(features, "features", method).head().get(0);
  }
}
