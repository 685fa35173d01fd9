package org.melep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.melep.report.stats.Bootstrap;
import org.melep.report.stats.CorrelationResult;
import org.melep.report.stats.DistanceLevels;
import org.melep.report.stats.FoldSelection;
import org.melep.report.stats.MeanSd;
import org.melep.report.stats.PartialCorrelation;
import org.melep.report.stats.PearsonMoments;
import org.melep.report.stats.RankCorrelations;
import org.melep.report.stats.TwoWayResiduals;

/**
 * Every number of the report, from the joined cells (driver side, Spark-free) and the per-group
 * Pearson and Spearman correlations Spark computed. Builds the CSV tables; figures and the HTML
 * page read them.
 */
public final class ReportAnalysis {
  public static final String CORRELATION = "correlation";
  public static final String VARIANT_CORRELATION = "variant_correlation";
  public static final String SELECTION = "selection";
  public static final String SELECTION_PER_FOLD = "selection_per_fold";
  public static final String LEVELS = "levels";
  public static final String SEED_NOISE = "seed_noise";
  public static final String JOINED = "joined";
  public static final String TABLE2 = "table2";
  public static final String METRICS = "metrics";

  private final List<Cell> cells;
  private final List<Variant> variants;
  private final List<String> epochRules;
  private final SparkCorrelations.Result spark;
  private final long seed;
  private final int resamples;
  private final Map<String, Table> tables = new LinkedHashMap<>();

  public ReportAnalysis(
      List<Cell> cells,
      List<Variant> variants,
      List<String> epochRules,
      SparkCorrelations.Result spark,
      long seed,
      int resamples) {
    this.cells = List.copyOf(cells);
    this.variants = List.copyOf(variants);
    this.epochRules = List.copyOf(epochRules);
    this.spark = spark;
    this.seed = seed;
    this.resamples = resamples;
    joined();
    correlation();
    variantCorrelation();
    selection();
    metricsSideBySide();
    levels();
    seedNoise();
  }

  public Map<String, Table> tables() {
    return tables;
  }

  public Table table(String name) {
    return tables.get(name);
  }

  public List<Cell> cells() {
    return cells;
  }

  public List<Variant> variants() {
    return variants;
  }

  public List<String> epochRules() {
    return epochRules;
  }

  /** Cells of one epoch rule and variant. */
  public List<Cell> cells(String rule, String variant) {
    return cells.stream()
        .filter(c -> c.epochRule().equals(rule) && c.variant().equals(variant))
        .toList();
  }

  public List<String> checkpoints() {
    return cells.stream().map(Cell::checkpoint).distinct().sorted().toList();
  }

  public Variant variant(String id) {
    return variants.stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
  }

  private void joined() {
    Table t =
        Table.of(
            JOINED,
            "epoch_rule",
            "variant",
            "fold_id",
            "checkpoint",
            "source_dataset",
            "target_dataset",
            "score",
            "label_only",
            "f1",
            "f1_sd",
            "seeds");
    for (Cell c : cells) {
      t.add(
          c.epochRule(),
          c.variant(),
          c.fold(),
          c.checkpoint(),
          c.source(),
          c.target(),
          c.score(),
          c.labelOnly(),
          c.f1(),
          c.f1Sd(),
          c.seeds());
    }
    tables.put(JOINED, t);
  }

  /** The paper's Table 2, per (epoch rule, variant, checkpoint, source, target). */
  private void correlation() {
    Table t =
        Table.of(
            CORRELATION,
            "epoch_rule",
            "variant",
            "checkpoint",
            "source_dataset",
            "target_dataset",
            "folds",
            "pearson_r",
            "pearson_lower",
            "pearson_upper",
            "pearson_p",
            "spearman_rho",
            "spearman_p",
            "kendall_tau_b",
            "partial_r",
            "partial_p",
            "residual_r",
            "expected_sign");
    for (String rule : epochRules) {
      for (Variant v : variants) {
        List<Cell> vc = cells(rule, v.id());
        if (vc.isEmpty()) {
          continue;
        }
        Map<String, Double> residualScore = residualByKey(vc, true);
        Map<String, Double> residualF1 = residualByKey(vc, false);
        Map<String, List<Cell>> byCheckpoint =
            groupBy(vc, c -> c.checkpoint() + "\u0001" + c.source() + "\u0001" + c.target());
        for (List<Cell> g : byCheckpoint.values()) {
          Cell first = g.get(0);
          double[] x = g.stream().mapToDouble(Cell::score).toArray();
          double[] y = g.stream().mapToDouble(Cell::f1).toArray();
          SparkCorrelations.Pair sp =
              spark.scoreVsF1().get(new SparkCorrelations.Group(rule, v.id(), first.checkpoint()));
          double pearson =
              sp != null && sp.n() == g.size()
                  ? sp.pearson()
                  : PearsonMoments.of(x, y).finish().r();
          double spearman =
              sp != null && sp.n() == g.size()
                  ? sp.spearman()
                  : RankCorrelations.spearman(x, y).r();
          CorrelationResult pr = CorrelationResult.withFisherInterval(pearson, g.size());
          List<Cell> withCovariate = g.stream().filter(c -> !Double.isNaN(c.labelOnly())).toList();
          CorrelationResult partial =
              v.baseline() && v.kind() == Variant.Kind.LABEL_ONLY
                  ? CorrelationResult.undefined(g.size(), "the covariate itself")
                  : PartialCorrelation.of(
                      withCovariate.stream().mapToDouble(Cell::score).toArray(),
                      withCovariate.stream().mapToDouble(Cell::f1).toArray(),
                      withCovariate.stream().mapToDouble(Cell::labelOnly).toArray());
          List<Cell> balanced = g.stream().filter(c -> residualScore.containsKey(key(c))).toList();
          double[] rx = balanced.stream().mapToDouble(c -> residualScore.get(key(c))).toArray();
          double[] ry = balanced.stream().mapToDouble(c -> residualF1.get(key(c))).toArray();
          double residual =
              residualCorrelation(balanced.stream().mapToDouble(Cell::score).toArray(), rx, ry);
          t.add(
              rule,
              v.id(),
              first.checkpoint(),
              first.source(),
              first.target(),
              g.size(),
              pearson,
              pr.lower(),
              pr.upper(),
              pr.p(),
              spearman,
              CorrelationResult.tTestP(spearman, g.size() - 2),
              RankCorrelations.kendallTauB(x, y),
              partial.r(),
              partial.p(),
              residual,
              v.direction().expectedSign());
        }
      }
    }
    tables.put(CORRELATION, t);
    tables.put(TABLE2, sideBySide(t));
  }

  /**
   * Table 2 with the variants side by side: one row per (epoch rule, checkpoint, source, target), r
   * and rho per variant.
   */
  private Table sideBySide(Table t) {
    List<String> header =
        new ArrayList<>(List.of("epoch_rule", "checkpoint", "source_dataset", "target_dataset"));
    for (Variant v : variants) {
      header.add(v.id() + "_pearson_r");
      header.add(v.id() + "_spearman_rho");
    }
    Table wide = new Table(TABLE2, List.copyOf(header), new ArrayList<>());
    Map<List<Object>, Object[]> rows = new LinkedHashMap<>();
    for (List<Object> r : t.rows()) {
      List<Object> key = java.util.Arrays.asList(r.get(0), r.get(2), r.get(3), r.get(4));
      Object[] row =
          rows.computeIfAbsent(
              key,
              k -> {
                Object[] o = new Object[header.size()];
                for (int i = 0; i < 4; i++) {
                  o[i] = k.get(i);
                }
                return o;
              });
      int i = variants.indexOf(variant((String) r.get(1)));
      row[4 + 2 * i] = r.get(t.column("pearson_r"));
      row[5 + 2 * i] = r.get(t.column("spearman_rho"));
    }
    rows.values().forEach(wide::add);
    return wide;
  }

  private void variantCorrelation() {
    Table t =
        Table.of(
            VARIANT_CORRELATION,
            "epoch_rule",
            "checkpoint",
            "variant",
            "other_variant",
            "folds",
            "pearson_r",
            "spearman_rho");
    spark
        .betweenVariants()
        .forEach(
            (g, row) ->
                row.forEach(
                    (other, p) ->
                        t.add(
                            g.epochRule(),
                            g.checkpoint(),
                            g.variant(),
                            other,
                            p.n(),
                            p.pearson(),
                            p.spearman())));
    tables.put(VARIANT_CORRELATION, t);
  }

  /**
   * Pearson r of the residuals, or NaN when the score's residuals are rounding noise (a score
   * constant within folds, such as the label-only score, has no fold-specific part).
   */
  static double residualCorrelation(double[] score, double[] residualScore, double[] residualF1) {
    double sd = MeanSd.of(score).sd();
    double rsd = MeanSd.of(residualScore).sd();
    if (!(rsd > 1e-9 * Math.max(sd, Double.MIN_NORMAL))) {
      return Double.NaN;
    }
    return PearsonMoments.of(residualScore, residualF1).finish().r();
  }

  private static String key(Cell c) {
    return c.fold() + "\u0001" + c.checkpoint();
  }

  /**
   * Residuals of the cells on complete folds (every checkpoint of the variant present), by fold and
   * checkpoint: on an unbalanced table the means would leak one checkpoint's level into the others'
   * residuals.
   */
  private static Map<String, Double> residualByKey(List<Cell> all, boolean score) {
    long k = all.stream().map(Cell::checkpoint).distinct().count();
    Map<String, Long> perFold =
        all.stream().collect(Collectors.groupingBy(Cell::fold, Collectors.counting()));
    List<Cell> vc = all.stream().filter(c -> perFold.get(c.fold()) == k).toList();
    List<TwoWayResiduals.Cell> in = new ArrayList<>();
    if (vc.isEmpty()) {
      return new LinkedHashMap<>();
    }
    for (Cell c : vc) {
      in.add(new TwoWayResiduals.Cell(c.fold(), c.checkpoint(), score ? c.score() : c.f1()));
    }
    double[] r = TwoWayResiduals.of(in);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < vc.size(); i++) {
      out.put(key(vc.get(i)), r[i]);
    }
    return out;
  }

  static <K> Map<K, List<Cell>> groupBy(
      List<Cell> cells, java.util.function.Function<Cell, K> key) {
    return cells.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
  }

  /** Checkpoint selection per fold and its averages (Figure 6). */
  private void selection() {
    Table perFold =
        Table.of(
            SELECTION_PER_FOLD,
            "epoch_rule",
            "variant",
            "fold_id",
            "checkpoints",
            "chosen",
            "best",
            "hit",
            "regret_points",
            "random_hit",
            "random_regret_points",
            "spearman_rho",
            "weighted_tau",
            "top2_gap_points",
            "top2_seed_sd_points",
            "top2_within_noise");
    Table summary =
        Table.of(
            SELECTION,
            "epoch_rule",
            "variant",
            "folds",
            "top1_hits",
            "top1_rate",
            "top1_lower",
            "top1_upper",
            "regret_points",
            "regret_lower",
            "regret_upper",
            "spearman_rho",
            "spearman_lower",
            "spearman_upper",
            "weighted_tau",
            "weighted_tau_lower",
            "weighted_tau_upper",
            "random_top1_rate",
            "random_regret_points",
            "residual_r",
            "top2_within_noise_folds",
            "top2_noise_folds");
    for (String rule : epochRules) {
      for (Variant v : variants) {
        List<Cell> vc = cells(rule, v.id());
        List<double[]> stats = new ArrayList<>();
        int withinNoise = 0;
        int noiseKnown = 0;
        for (List<Cell> fold : groupBy(vc, Cell::fold).values()) {
          if (fold.size() < 2) {
            continue;
          }
          List<Cell> ordered = new ArrayList<>(fold);
          ordered.sort(Comparator.comparing(Cell::checkpoint));
          double[] good =
              ordered.stream().mapToDouble(c -> v.direction().goodness(c.score())).toArray();
          double[] f1 = ordered.stream().mapToDouble(Cell::f1).toArray();
          FoldSelection s = FoldSelection.of(good, f1);
          double bestGood = java.util.Arrays.stream(good).max().orElseThrow();
          double bestF1 = java.util.Arrays.stream(f1).max().orElseThrow();
          String chosen =
              ordered.stream()
                  .filter(c -> v.direction().goodness(c.score()) == bestGood)
                  .map(Cell::checkpoint)
                  .collect(Collectors.joining(";"));
          String best =
              ordered.stream()
                  .filter(c -> c.f1() == bestF1)
                  .map(Cell::checkpoint)
                  .collect(Collectors.joining(";"));
          List<Cell> byScore = new ArrayList<>(ordered);
          byScore.sort(
              Comparator.comparingDouble((Cell c) -> -v.direction().goodness(c.score()))
                  .thenComparing(Cell::checkpoint));
          Cell a = byScore.get(0);
          Cell b = byScore.get(1);
          double gap = Math.abs(a.f1() - b.f1()) * 100;
          double noise = Math.sqrt((a.f1Sd() * a.f1Sd() + b.f1Sd() * b.f1Sd()) / 2) * 100;
          String within = Double.isNaN(noise) ? "n/a" : gap <= noise ? "yes" : "no";
          if (!Double.isNaN(noise)) {
            noiseKnown++;
            withinNoise += gap <= noise ? 1 : 0;
          }
          perFold.add(
              rule,
              v.id(),
              fold.get(0).fold(),
              s.k(),
              chosen,
              best,
              s.hit(),
              s.regret() * 100,
              s.randomHit(),
              s.randomRegret() * 100,
              s.spearman(),
              s.weightedTau(),
              gap,
              noise,
              within);
          stats.add(
              new double[] {
                s.hit(),
                s.regret() * 100,
                s.spearman(),
                s.weightedTau(),
                s.randomHit(),
                s.randomRegret() * 100
              });
        }
        if (stats.isEmpty()) {
          continue;
        }
        Bootstrap.Interval hit = interval(stats, 0);
        Bootstrap.Interval regret = interval(stats, 1);
        Bootstrap.Interval rho = interval(stats, 2);
        Bootstrap.Interval tau = interval(stats, 3);
        double hits = stats.stream().mapToDouble(s -> s[0]).sum();
        double randomHit = stats.stream().mapToDouble(s -> s[4]).average().orElse(Double.NaN);
        double randomRegret = stats.stream().mapToDouble(s -> s[5]).average().orElse(Double.NaN);
        Map<String, Double> rsByKey = residualByKey(vc, true);
        double[] rs = rsByKey.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] rf =
            residualByKey(vc, false).values().stream().mapToDouble(Double::doubleValue).toArray();
        double pooledResidual =
            residualCorrelation(
                vc.stream()
                    .filter(c -> rsByKey.containsKey(key(c)))
                    .mapToDouble(Cell::score)
                    .toArray(),
                rs,
                rf);
        summary.add(
            rule,
            v.id(),
            stats.size(),
            hits,
            hit.mean(),
            hit.lower(),
            hit.upper(),
            regret.mean(),
            regret.lower(),
            regret.upper(),
            rho.mean(),
            rho.lower(),
            rho.upper(),
            tau.mean(),
            tau.lower(),
            tau.upper(),
            randomHit,
            randomRegret,
            pooledResidual,
            withinNoise,
            noiseKnown);
      }
    }
    tables.put(SELECTION, summary);
    tables.put(SELECTION_PER_FOLD, perFold);
  }

  /**
   * Every variant's correlation and selection results in one row per (epoch rule, variant), from
   * {@link #CORRELATION} (averaged over checkpoints) and {@link #SELECTION}: the scores side by
   * side with MELEP's.
   */
  private void metricsSideBySide() {
    Table cor = tables.get(CORRELATION);
    Table sel = tables.get(SELECTION);
    Table t =
        Table.of(
            METRICS,
            "epoch_rule",
            "variant",
            "metric",
            "weighting",
            "better",
            "checkpoints",
            "checkpoints_expected_sign",
            "mean_pearson_r",
            "mean_spearman_rho",
            "mean_partial_r",
            "folds",
            "top1_hits",
            "top1_rate",
            "top1_lower",
            "top1_upper",
            "random_top1_rate",
            "regret_points",
            "regret_lower",
            "regret_upper",
            "random_regret_points",
            "selection_spearman_rho",
            "weighted_tau");
    for (String rule : epochRules) {
      for (Variant v : variants) {
        List<List<Object>> rs =
            cor.rows().stream()
                .filter(r -> r.get(0).equals(rule) && r.get(1).equals(v.id()))
                .toList();
        List<Object> s = ReportSummary.find(sel, rule, v.id());
        if (rs.isEmpty() && s == null) {
          continue;
        }
        int sign = v.direction().expectedSign();
        long expected =
            rs.stream().filter(r -> sign * (Double) r.get(cor.column("pearson_r")) > 0).count();
        Object[] row = new Object[t.header().size()];
        Object[] head = {
          rule,
          v.id(),
          v.metric().id(),
          v.weighting(),
          sign < 0 ? "lower" : "higher",
          rs.size(),
          expected,
          meanOf(rs, cor.column("pearson_r")),
          meanOf(rs, cor.column("spearman_rho")),
          meanOf(rs, cor.column("partial_r"))
        };
        System.arraycopy(head, 0, row, 0, head.length);
        String[] fromSelection = {
          "folds",
          "top1_hits",
          "top1_rate",
          "top1_lower",
          "top1_upper",
          "random_top1_rate",
          "regret_points",
          "regret_lower",
          "regret_upper",
          "random_regret_points",
          "spearman_rho",
          "weighted_tau"
        };
        for (int i = 0; i < fromSelection.length; i++) {
          row[head.length + i] = s == null ? null : s.get(sel.column(fromSelection[i]));
        }
        t.add(row);
      }
    }
    tables.put(METRICS, t);
  }

  /** The mean of a column's finite values (NaN when there is none). */
  private static double meanOf(List<List<Object>> rows, int column) {
    return rows.stream()
        .map(r -> (Double) r.get(column))
        .filter(d -> d != null && Double.isFinite(d))
        .mapToDouble(Double::doubleValue)
        .average()
        .orElse(Double.NaN);
  }

  private Bootstrap.Interval interval(List<double[]> stats, int column) {
    return Bootstrap.meanInterval(
        stats.stream().mapToDouble(s -> s[column]).toArray(), resamples, seed + column);
  }

  /** Figures 3-5: four distance levels per checkpoint by the score's rank quartiles. */
  private void levels() {
    Table t =
        Table.of(
            LEVELS,
            "epoch_rule",
            "variant",
            "checkpoint",
            "level",
            "folds",
            "score_min",
            "score_max",
            "f1_mean",
            "f1_sd");
    for (String rule : epochRules) {
      for (Variant v : variants) {
        for (List<Cell> g : groupBy(cells(rule, v.id()), Cell::checkpoint).values()) {
          int[] level =
              DistanceLevels.assign(
                  g.stream().mapToDouble(c -> v.direction().goodness(c.score())).toArray());
          for (int l = 1; l <= DistanceLevels.LEVELS; l++) {
            List<Cell> in = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
              if (level[i] == l) {
                in.add(g.get(i));
              }
            }
            if (in.isEmpty()) {
              continue;
            }
            MeanSd f1 = MeanSd.of(in.stream().mapToDouble(Cell::f1).toArray());
            t.add(
                rule,
                v.id(),
                g.get(0).checkpoint(),
                l,
                in.size(),
                in.stream().mapToDouble(Cell::score).min().orElseThrow(),
                in.stream().mapToDouble(Cell::score).max().orElseThrow(),
                f1.mean(),
                f1.sd());
          }
        }
      }
    }
    tables.put(LEVELS, t);
  }

  /** Seed-to-seed spread of F1 next to the spread between checkpoints, per fold. */
  private void seedNoise() {
    Table t =
        Table.of(
            SEED_NOISE,
            "epoch_rule",
            "fold_id",
            "checkpoints",
            "min_seeds",
            "seed_sd_points",
            "between_checkpoint_sd_points");
    if (variants.isEmpty()) {
      tables.put(SEED_NOISE, t);
      return;
    }
    for (String rule : epochRules) {
      // the ground truth does not depend on the variant: take each (fold, checkpoint) once
      Map<String, Cell> unique = new LinkedHashMap<>();
      for (Cell c : cells) {
        if (c.epochRule().equals(rule)) {
          unique.putIfAbsent(key(c), c);
        }
      }
      for (List<Cell> fold : groupBy(new ArrayList<>(unique.values()), Cell::fold).values()) {
        double var = 0;
        int withSd = 0;
        int minSeeds = Integer.MAX_VALUE;
        for (Cell c : fold) {
          minSeeds = Math.min(minSeeds, c.seeds());
          if (!Double.isNaN(c.f1Sd())) {
            var += c.f1Sd() * c.f1Sd();
            withSd++;
          }
        }
        double seedSd = withSd == 0 ? Double.NaN : Math.sqrt(var / withSd) * 100;
        double between = MeanSd.of(fold.stream().mapToDouble(Cell::f1).toArray()).sd() * 100;
        t.add(rule, fold.get(0).fold(), fold.size(), minSeeds, seedSd, between);
      }
    }
    tables.put(SEED_NOISE, t);
  }
}
