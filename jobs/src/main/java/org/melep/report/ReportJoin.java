package org.melep.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.stddev_samp;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.melep.melep.Weighting;
import org.melep.report.stats.LabelOnlyScore;
import scala.collection.Seq;

/**
 * The joined table of the report, one row per (epoch rule, variant, fold, checkpoint): the score,
 * the label-only score of the same fold and checkpoint (the covariate of the partial correlation),
 * and the fine-tuned weighted F1 averaged over seeds with its seed-to-seed spread.
 *
 * <p>Columns: {@code epoch_rule, variant, fold_id, checkpoint, source_dataset, architecture,
 * target_dataset, score, label_only, f1, f1_sd, seeds, f1_seeds}.
 */
public final class ReportJoin {
  private ReportJoin() {}

  /**
   * MELEP of constant outputs from {@code n}, {@code positives} and the weighting (null when
   * degenerate).
   */
  static final UserDefinedFunction LABEL_ONLY =
      functions.udf(
          (UDF3<Long, Seq<Object>, String, Double>)
              (n, positives, weighting) -> {
                if (n == null || positives == null) {
                  return null;
                }
                long[] p = new long[positives.size()];
                for (int i = 0; i < p.length; i++) {
                  p[i] = ((Number) positives.apply(i)).longValue();
                }
                return LabelOnlyScore.melep(n, p, Weighting.parse(weighting));
              },
          DataTypes.DoubleType);

  /**
   * Ground truth per (fold, checkpoint, epoch rule) over the ok rows: mean, sd and count over
   * seeds.
   */
  public static Dataset<Row> truth(Dataset<Row> finetune) {
    return finetune
        .filter(col(ReportColumns.STATUS).equalTo(ReportColumns.OK))
        .groupBy(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT, ReportColumns.EPOCH_RULE)
        .agg(
            avg(ReportColumns.WEIGHTED_F1).as(ReportColumns.F1),
            stddev_samp(ReportColumns.WEIGHTED_F1).as(ReportColumns.F1_SD),
            count(lit(1)).as(ReportColumns.SEEDS),
            functions
                .array_sort(collect_list(ReportColumns.WEIGHTED_F1))
                .as(ReportColumns.F1_SEEDS),
            first(ReportColumns.SOURCE_DATASET, true).as(ReportColumns.SOURCE_DATASET),
            first(ReportColumns.ARCHITECTURE, true).as(ReportColumns.ARCHITECTURE),
            first(ReportColumns.TARGET_DATASET, true).as(ReportColumns.TARGET_DATASET));
  }

  /**
   * The label-only score per (fold, checkpoint, weighting) from the MELEP rows' {@code n} and
   * {@code positives}.
   */
  public static Dataset<Row> labelOnly(Dataset<Row> scores) {
    Dataset<Row> melep =
        scores.filter(
            col(ReportColumns.METRIC)
                .equalTo("melep")
                .and(col(ReportColumns.N).isNotNull())
                .and(col(ReportColumns.POSITIVES).isNotNull())
                .and(col(ReportColumns.WEIGHTING).isin("code", "paper", "uniform")));
    return melep
        .select(
            col(ReportColumns.FOLD_ID),
            col(ReportColumns.CHECKPOINT),
            col(ReportColumns.WEIGHTING),
            LABEL_ONLY
                .apply(
                    col(ReportColumns.N),
                    col(ReportColumns.POSITIVES),
                    col(ReportColumns.WEIGHTING))
                .as(ReportColumns.LABEL_ONLY))
        .dropDuplicates(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT, ReportColumns.WEIGHTING);
  }

  /**
   * Scores of the given variants (rows with status ok and a value), with their covariate; {@code
   * covariateWeighting} is the label-only weighting used for metrics other than MELEP.
   */
  public static Dataset<Row> variantRows(
      Dataset<Row> scores,
      Dataset<Row> labelOnly,
      List<Variant> variants,
      String covariateWeighting) {
    List<Dataset<Row>> parts = new ArrayList<>();
    Dataset<Row> ok =
        scores.filter(
            col(ReportColumns.STATUS)
                .equalTo(ReportColumns.OK)
                .and(col(ReportColumns.VALUE).isNotNull())
                .and(functions.not(functions.isnan(col(ReportColumns.VALUE)))));
    Dataset<Row> lo = labelOnly.filter(col(ReportColumns.LABEL_ONLY).isNotNull());
    for (Variant v : variants) {
      if (v.kind() == Variant.Kind.LABEL_ONLY) {
        parts.add(
            lo.filter(col(ReportColumns.WEIGHTING).equalTo(v.weighting()))
                .select(
                    lit(v.id()).as(ReportColumns.VARIANT),
                    col(ReportColumns.FOLD_ID),
                    col(ReportColumns.CHECKPOINT),
                    col(ReportColumns.LABEL_ONLY).as(ReportColumns.SCORE),
                    col(ReportColumns.LABEL_ONLY)));
        continue;
      }
      String w = v.metric().id().equals("melep") ? v.weighting() : covariateWeighting;
      Dataset<Row> rows =
          ok.filter(
                  col(ReportColumns.METRIC)
                      .equalTo(v.metric().id())
                      .and(col(ReportColumns.WEIGHTING).equalTo(v.weighting())))
              .select(
                  col(ReportColumns.FOLD_ID),
                  col(ReportColumns.CHECKPOINT),
                  col(ReportColumns.VALUE));
      Dataset<Row> cov =
          lo.filter(col(ReportColumns.WEIGHTING).equalTo(w))
              .select(
                  col(ReportColumns.FOLD_ID),
                  col(ReportColumns.CHECKPOINT),
                  col(ReportColumns.LABEL_ONLY));
      parts.add(
          rows.join(cov, seq(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT), "left")
              .select(
                  lit(v.id()).as(ReportColumns.VARIANT),
                  col(ReportColumns.FOLD_ID),
                  col(ReportColumns.CHECKPOINT),
                  col(ReportColumns.VALUE).as(ReportColumns.SCORE),
                  col(ReportColumns.LABEL_ONLY)));
    }
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i));
    }
    return all;
  }

  /** Scores joined with the ground truth: only (fold, checkpoint) pairs present in both. */
  public static Dataset<Row> join(Dataset<Row> variantRows, Dataset<Row> truth) {
    Column[] cols = {
      col(ReportColumns.EPOCH_RULE),
      col(ReportColumns.VARIANT),
      col(ReportColumns.FOLD_ID),
      col(ReportColumns.CHECKPOINT),
      col(ReportColumns.SOURCE_DATASET),
      col(ReportColumns.ARCHITECTURE),
      col(ReportColumns.TARGET_DATASET),
      col(ReportColumns.SCORE),
      col(ReportColumns.LABEL_ONLY),
      col(ReportColumns.F1),
      col(ReportColumns.F1_SD),
      col(ReportColumns.SEEDS),
      col(ReportColumns.F1_SEEDS)
    };
    return variantRows
        .join(truth, seq(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT), "inner")
        .select(cols);
  }

  static Seq<String> seq(String... names) {
    return scala.collection.JavaConverters.asScalaBufferConverter(java.util.Arrays.asList(names))
        .asScala()
        .toSeq();
  }
}
