package org.melep.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.report.stats.Bootstrap;
import org.melep.report.stats.ScoreMetric;

/**
 * Joins transferability scores with the fine-tuning ground truth and computes the report:
 *
 * <pre>
 * ReportResult r = ReportJob.on(spark).scores(s).finetune(g).execute();
 * ReportOutput.write(spark, r, "R");
 * </pre>
 */
public final class ReportJob {
  static final List<String> RULE_ORDER = List.of("paper", "validation");
  static final List<String> WEIGHTING_ORDER = List.of("code", "paper", "uniform");

  private final SparkSession spark;
  private Dataset<Row> scores;
  private Dataset<Row> finetune;
  private Dataset<Row> baselineScores;
  private String primaryRule = "paper";
  private String primaryVariant;
  private String target = "target";
  private long seed = 1;
  private int resamples = Bootstrap.DEFAULT_RESAMPLES;
  private String inputs = "scores and fine-tuning tables given in code";
  private String shuffledNote =
      "Shuffled baseline: not computed (give --baseline-scores, a scores table computed on shuffled predictions, or --predictions with --targets).";

  private ReportJob(SparkSession spark) {
    this.spark = spark;
  }

  public static ReportJob on(SparkSession spark) {
    return new ReportJob(spark);
  }

  /**
   * A scores table as {@code melep score} writes it (optionally with {@code metric} and {@code
   * value}).
   */
  public ReportJob scores(Dataset<Row> table) {
    this.scores = table;
    return this;
  }

  /** The fine-tuning ground truth ({@code G/finetune}). */
  public ReportJob finetune(Dataset<Row> table) {
    this.finetune = table;
    return this;
  }

  /** Scores computed on shuffled predictions (the shuffled baseline), or null. */
  public ReportJob baselineScores(Dataset<Row> table, String how) {
    this.baselineScores = table;
    this.shuffledNote = table == null ? shuffledNote : "Shuffled baseline: " + how + ".";
    return this;
  }

  /** The epoch rule of the summary sentence: paper (default) or validation. */
  public ReportJob primaryRule(String rule) {
    this.primaryRule = rule.toLowerCase(Locale.ROOT);
    return this;
  }

  /**
   * The variant of the summary sentence, e.g. {@code melep-code} (default: the first score
   * variant).
   */
  public ReportJob primaryVariant(String id) {
    this.primaryVariant = id;
    return this;
  }

  /** Target dataset name for rows without a {@code target_dataset} column. */
  public ReportJob target(String name) {
    this.target = name;
    return this;
  }

  public ReportJob seed(long value) {
    this.seed = value;
    return this;
  }

  public ReportJob resamples(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("Cannot report: --bootstrap must be positive: " + value);
    }
    this.resamples = value;
    return this;
  }

  public ReportJob inputsDescription(String text) {
    this.inputs = text;
    return this;
  }

  public ReportResult execute() {
    if (scores == null || finetune == null) {
      throw new IllegalArgumentException(
          "Cannot report: both a scores and a fine-tuning table are needed");
    }
    List<Runnable> release = new ArrayList<>();
    try {
      Dataset<Row> s = ReportInputs.scores(scores, "scores").cache();
      release.add(s::unpersist);
      Dataset<Row> g = ReportInputs.finetune(finetune, "finetune", target).cache();
      release.add(g::unpersist);
      Dataset<Row> truth = ReportJoin.truth(g).cache();
      release.add(truth::unpersist);
      Dataset<Row> labelOnly = ReportJoin.labelOnly(s).cache();
      release.add(labelOnly::unpersist);

      List<Variant> scoreVariants = variants(s, false);
      if (scoreVariants.isEmpty()) {
        throw new BadReportDataException(
            "Cannot report: the scores table has no row with status ok and a value");
      }
      List<Variant> variants = new ArrayList<>(scoreVariants);
      List<String> loWeightings =
          labelOnly
              .filter(col(ReportColumns.LABEL_ONLY).isNotNull())
              .select(ReportColumns.WEIGHTING)
              .distinct()
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .sorted(Comparator.comparingInt(WEIGHTING_ORDER::indexOf))
              .toList();
      for (String w : loWeightings) {
        variants.add(Variant.labelOnly(w));
      }
      String covariate = loWeightings.isEmpty() ? "code" : loWeightings.get(0);
      Dataset<Row> rows = ReportJoin.variantRows(s, labelOnly, variants, covariate);
      List<String> notes = new ArrayList<>();
      if (baselineScores != null) {
        Dataset<Row> b = ReportInputs.scores(baselineScores, "baseline scores");
        List<Variant> shuffled = new ArrayList<>();
        for (Variant v : variants(b, true)) {
          shuffled.add(v);
        }
        if (!shuffled.isEmpty()) {
          List<Variant> asScores =
              shuffled.stream().map(v -> Variant.score(v.metric(), v.weighting())).toList();
          Dataset<Row> br = ReportJoin.variantRows(b, labelOnly, asScores, covariate);
          for (int i = 0; i < shuffled.size(); i++) {
            br =
                br.withColumn(
                    ReportColumns.VARIANT,
                    org.apache
                        .spark
                        .sql
                        .functions
                        .when(
                            col(ReportColumns.VARIANT).equalTo(asScores.get(i).id()),
                            shuffled.get(i).id())
                        .otherwise(col(ReportColumns.VARIANT)));
          }
          rows = rows.unionByName(br);
          variants.addAll(shuffled);
        }
      }
      notes.add(shuffledNote);
      if (loWeightings.isEmpty()) {
        notes.add(
            "Label-only baseline: not computed (the scores table has no MELEP rows with n and positives).");
      }
      Dataset<Row> joined = ReportJoin.join(rows, truth).cache();
      release.add(joined::unpersist);
      List<Cell> cells = cells(joined);
      if (cells.isEmpty()) {
        throw new BadReportDataException(
            "Cannot report: no (fold_id, checkpoint) has both an ok score and an ok fine-tuning result; scores folds e.g. "
                + sample(s, ReportColumns.FOLD_ID)
                + ", checkpoints "
                + sample(s, ReportColumns.CHECKPOINT)
                + "; fine-tuning folds e.g. "
                + sample(g, ReportColumns.FOLD_ID)
                + ", checkpoints "
                + sample(g, ReportColumns.CHECKPOINT));
      }
      List<String> rules =
          cells.stream()
              .map(Cell::epochRule)
              .distinct()
              .sorted(Comparator.comparingInt(RULE_ORDER::indexOf))
              .toList();
      List<String> checkpoints = cells.stream().map(Cell::checkpoint).distinct().sorted().toList();
      List<String> ids = variants.stream().map(Variant::id).toList();
      SparkCorrelations.Result correlations =
          SparkCorrelations.compute(joined, rules, ids, checkpoints);
      ReportAnalysis analysis =
          new ReportAnalysis(cells, variants, rules, correlations, seed, resamples);
      Table excluded = excluded(s, g, truth);
      analysis.tables().put(excluded.name(), excluded);
      if (!excluded.rows().isEmpty()) {
        long n = excluded.rows().stream().mapToLong(r -> ((Number) r.get(4)).longValue()).sum();
        notes.add(
            "Left out: "
                + n
                + " rows (not ok, or without a counterpart): see tables/excluded.csv.");
      }
      for (String rule : RULE_ORDER) {
        if (!rules.contains(rule)) {
          notes.add("Epoch rule '" + rule + "': no fine-tuning results.");
        }
      }
      if (cells.stream().allMatch(c -> c.seeds() < 2)) {
        notes.add(
            "Seed noise: every (fold, checkpoint) has one fine-tuning seed, so the seed-to-seed spread is unknown.");
      }
      Variant primary = primary(variants);
      String rule = rules.contains(primaryRule) ? primaryRule : rules.get(0);
      List<String> figureVariants = new ArrayList<>();
      figureVariants.add(primary.id());
      for (Variant v : variants) {
        if (v.baseline() && v.weighting().equals(primary.weighting())) {
          figureVariants.add(v.id());
        }
      }
      List<Figure> figures = ReportCharts.all(analysis, figureVariants);
      return new ReportResult(
          analysis, figures, ReportSummary.sentence(analysis, rule, primary), notes, inputs);
    } finally {
      release.forEach(Runnable::run);
    }
  }

  private Variant primary(List<Variant> variants) {
    if (primaryVariant != null) {
      return variants.stream()
          .filter(v -> v.id().equals(primaryVariant))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "Cannot report: no score variant "
                          + primaryVariant
                          + "; the tables have "
                          + String.join(", ", variants.stream().map(Variant::id).toList())));
    }
    return variants.get(0);
  }

  /**
   * The (metric, weighting) pairs with ok rows, MELEP first, weightings in code, paper, uniform
   * order.
   */
  private static List<Variant> variants(Dataset<Row> s, boolean shuffled) {
    List<Variant> out = new ArrayList<>();
    for (Row r :
        s.filter(
                col(ReportColumns.STATUS)
                    .equalTo(ReportColumns.OK)
                    .and(col(ReportColumns.VALUE).isNotNull()))
            .select(ReportColumns.METRIC, ReportColumns.WEIGHTING)
            .distinct()
            .collectAsList()) {
      if (r.isNullAt(0)) {
        throw new BadReportDataException(
            "Cannot read the scores table: column metric is null on an ok row");
      }
      ScoreMetric m = ScoreMetric.parse(r.getString(0));
      out.add(shuffled ? Variant.shuffled(m, r.getString(1)) : Variant.score(m, r.getString(1)));
    }
    out.sort(
        Comparator.comparingInt((Variant v) -> v.metric().ordinal())
            .thenComparingInt(
                v ->
                    WEIGHTING_ORDER.contains(v.weighting())
                        ? WEIGHTING_ORDER.indexOf(v.weighting())
                        : 99)
            .thenComparing(Variant::weighting));
    return out;
  }

  private static List<Cell> cells(Dataset<Row> joined) {
    List<Cell> out = new ArrayList<>();
    for (Row r : joined.collectAsList()) {
      out.add(
          new Cell(
              r.getAs(ReportColumns.EPOCH_RULE),
              r.getAs(ReportColumns.VARIANT),
              r.getAs(ReportColumns.FOLD_ID),
              r.getAs(ReportColumns.CHECKPOINT),
              r.getAs(ReportColumns.SOURCE_DATASET),
              r.getAs(ReportColumns.TARGET_DATASET),
              r.<Double>getAs(ReportColumns.SCORE),
              orNaN(r, ReportColumns.LABEL_ONLY),
              r.<Double>getAs(ReportColumns.F1),
              orNaN(r, ReportColumns.F1_SD),
              r.<Long>getAs(ReportColumns.SEEDS).intValue()));
    }
    out.sort(
        Comparator.comparing(Cell::epochRule)
            .thenComparing(Cell::variant)
            .thenComparing(Cell::fold)
            .thenComparing(Cell::checkpoint));
    return out;
  }

  private static double orNaN(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static String sample(Dataset<Row> t, String column) {
    return t.select(column).distinct().limit(3).collectAsList().stream()
        .map(r -> String.valueOf(r.get(0)))
        .toList()
        .toString();
  }

  /**
   * Rows the report could not use: scores and fine-tuning rows not ok, and pairs missing on one
   * side.
   */
  private static Table excluded(Dataset<Row> s, Dataset<Row> g, Dataset<Row> truth) {
    Table t = Table.of("excluded", "table", "checkpoint", "status", "reason", "rows");
    for (Row r :
        s.filter(
                col(ReportColumns.STATUS)
                    .notEqual(ReportColumns.OK)
                    .or(col(ReportColumns.VALUE).isNull()))
            .groupBy(ReportColumns.CHECKPOINT, ReportColumns.STATUS)
            .count()
            .orderBy(ReportColumns.CHECKPOINT, ReportColumns.STATUS)
            .collectAsList()) {
      t.add("scores", r.get(0), r.get(1), "", r.getLong(2));
    }
    for (Row r :
        g.filter(col(ReportColumns.STATUS).notEqual(ReportColumns.OK))
            .groupBy(ReportColumns.CHECKPOINT, ReportColumns.STATUS, ReportColumns.REASON)
            .count()
            .orderBy(ReportColumns.CHECKPOINT, ReportColumns.STATUS)
            .collectAsList()) {
      t.add("finetune", r.get(0), r.get(1), r.get(2), r.getLong(3));
    }
    Dataset<Row> scored =
        s.filter(col(ReportColumns.STATUS).equalTo(ReportColumns.OK))
            .select(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT)
            .distinct();
    Dataset<Row> tuned = truth.select(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT).distinct();
    for (Row r :
        scored
            .join(
                tuned, ReportJoin.seq(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT), "left_anti")
            .groupBy(ReportColumns.CHECKPOINT)
            .count()
            .orderBy(ReportColumns.CHECKPOINT)
            .collectAsList()) {
      t.add(
          "scores",
          r.get(0),
          "ok",
          "no ok fine-tuning result for the (fold, checkpoint)",
          r.getLong(1));
    }
    for (Row r :
        tuned
            .join(
                scored,
                ReportJoin.seq(ReportColumns.FOLD_ID, ReportColumns.CHECKPOINT),
                "left_anti")
            .groupBy(ReportColumns.CHECKPOINT)
            .count()
            .orderBy(ReportColumns.CHECKPOINT)
            .collectAsList()) {
      t.add("finetune", r.get(0), "ok", "no ok score for the (fold, checkpoint)", r.getLong(1));
    }
    return t;
  }
}
