package org.melep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
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

/**
 * Pearson and Spearman correlations of score and fine-tuned F1 per (epoch rule, variant,
 * checkpoint) across folds, computed by spark-mllib's {@link Correlation} over the joined table:
 * per epoch rule, one row per fold and one column per (checkpoint, F1) and (checkpoint, variant),
 * one Pearson and one Spearman matrix over the folds where every column is present. A group with
 * more folds than those (a variant undefined on some folds) gets its own two-column call over its
 * own folds, so every group uses exactly its folds. The same matrices give the correlation between
 * variants per checkpoint (e.g. MELEP against the label-only score).
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

  public static Result compute(Dataset<Row> joined, List<String> epochRules, List<String> variants, List<String> checkpoints) {
    Map<Group, Pair> out = new LinkedHashMap<>();
    Map<Group, Map<String, Pair>> between = new LinkedHashMap<>();
    // pairs present per group
    Map<Group, Long> sizes = new HashMap<>();
    for (Row r : joined.filter(col(ReportColumns.SCORE).isNotNull().and(col(ReportColumns.F1).isNotNull()))
        .groupBy(ReportColumns.EPOCH_RULE, ReportColumns.VARIANT, ReportColumns.CHECKPOINT).count().collectAsList()) {
      sizes.put(new Group(r.getString(0), r.getString(1), r.getString(2)), r.getLong(3));
    }
    for (String rule : epochRules) {
      Dataset<Row> part = joined.filter(col(ReportColumns.EPOCH_RULE).equalTo(rule));
      Dataset<Row> longForm =
          part.select(col(ReportColumns.FOLD_ID), concat_ws("\u0001", col(ReportColumns.CHECKPOINT), col(ReportColumns.VARIANT)).as("key"),
                  col(ReportColumns.SCORE).as("v"))
              .unionByName(
                  part.select(col(ReportColumns.FOLD_ID), concat_ws("\u0001", col(ReportColumns.CHECKPOINT), lit(F1_KEY)).as("key"),
                      col(ReportColumns.F1).as("v")));
      List<Object> keys = new ArrayList<>();
      List<String[]> meaning = new ArrayList<>();
      for (String c : checkpoints) {
        keys.add(c + "\u0001" + F1_KEY);
        meaning.add(new String[] {c, F1_KEY});
        for (String v : variants) {
          if (sizes.containsKey(new Group(rule, v, c))) {
            keys.add(c + "\u0001" + v);
            meaning.add(new String[] {c, v});
          }
        }
      }
      if (meaning.size() < 2) {
        continue;
      }
      Dataset<Row> wide = longForm.groupBy(ReportColumns.FOLD_ID).pivot("key", keys).agg(first("v"));
      String[] names = new String[keys.size() + 1];
      names[0] = ReportColumns.FOLD_ID;
      for (int i = 0; i < keys.size(); i++) {
        names[i + 1] = "c" + i;
      }
      wide = wide.toDF(names).cache();
      try {
        String[] inputs = java.util.Arrays.copyOfRange(names, 1, names.length);
        Dataset<Row> complete =
            new VectorAssembler().setInputCols(inputs).setOutputCol("features").setHandleInvalid("skip").transform(wide).cache();
        long n = complete.count();
        Matrix pearson = n >= 2 ? matrix(complete, "pearson") : null;
        Matrix spearman = n >= 2 ? matrix(complete, "spearman") : null;
        complete.unpersist();
        Map<String, Integer> f1Column = new HashMap<>();
        for (int i = 0; i < meaning.size(); i++) {
          if (meaning.get(i)[1].equals(F1_KEY)) {
            f1Column.put(meaning.get(i)[0], i);
          }
        }
        for (int i = 0; i < meaning.size(); i++) {
          String c = meaning.get(i)[0];
          String v = meaning.get(i)[1];
          if (v.equals(F1_KEY)) {
            continue;
          }
          Group g = new Group(rule, v, c);
          int f = f1Column.get(c);
          if (sizes.get(g) == n && pearson != null) {
            out.put(g, new Pair(n, pearson.apply(i, f), spearman.apply(i, f)));
          } else {
            out.put(g, pair(wide, inputs[i], inputs[f]));
          }
          Map<String, Pair> row = new LinkedHashMap<>();
          for (int j = 0; j < meaning.size(); j++) {
            if (j != i && meaning.get(j)[0].equals(c) && !meaning.get(j)[1].equals(F1_KEY) && pearson != null) {
              row.put(meaning.get(j)[1], new Pair(n, pearson.apply(i, j), spearman.apply(i, j)));
            }
          }
          between.put(g, row);
        }
      } finally {
        wide.unpersist();
      }
    }
    return new Result(out, between);
  }

  private static Pair pair(Dataset<Row> wide, String a, String b) {
    Dataset<Row> two =
        new VectorAssembler().setInputCols(new String[] {a, b}).setOutputCol("features").setHandleInvalid("skip").transform(wide).cache();
    try {
      long n = two.count();
      if (n < 2) {
        return new Pair(n, Double.NaN, Double.NaN);
      }
      return new Pair(n, matrix(two, "pearson").apply(0, 1), matrix(two, "spearman").apply(0, 1));
    } finally {
      two.unpersist();
    }
  }

  private static Matrix matrix(Dataset<Row> features, String method) {
    return (Matrix) Correlation.corr(features, "features", method).head().get(0);
  }
}
