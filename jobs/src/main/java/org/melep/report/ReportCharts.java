package org.melep.report;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.melep.report.stats.MeanSd;

/**
 * The report's figures, drawn with XChart (PNG through its bitmap encoder, SVG through
 * VectorGraphics2D): the score against fine-tuned F1 with a fitted line per checkpoint (Figures
 * 3-5), mean F1 per distance level, checkpoint selection against random choice (Figure 6) and
 * seed-to-seed spread against between-checkpoint spread.
 */
public final class ReportCharts {
  static final int WIDTH = 760;
  static final int HEIGHT = 480;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  /** One colour per checkpoint, the same in every figure (Tableau 10). */
  private static final Color[] PALETTE = {
    new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759), new Color(0x76b7b2),
        new Color(0x59a14f),
    new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7), new Color(0x9c755f),
        new Color(0xbab0ac)
  };

  private ReportCharts() {}

  static Color colour(ReportAnalysis a, String checkpoint) {
    int i = a.checkpoints().indexOf(checkpoint);
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  public static List<Figure> all(ReportAnalysis a, List<String> figureVariants) {
    List<Figure> out = new ArrayList<>();
    for (String rule : a.epochRules()) {
      for (String id : figureVariants) {
        Variant v = a.variant(id);
        if (a.cells(rule, id).isEmpty()) {
          continue;
        }
        out.add(scatter(a, rule, v));
        out.add(levels(a, rule, v));
      }
      out.add(
          selection(
              a,
              rule,
              "top1_rate",
              "random_top1_rate",
              "top-1 hit rate",
              "Folds where the score's choice was the best checkpoint by fine-tuned F1"));
      out.add(
          selection(
              a,
              rule,
              "regret_points",
              "random_regret_points",
              "mean regret (F1 points)",
              "Best fine-tuned F1 minus the F1 of the checkpoint the score chose"));
      out.add(seedNoise(a, rule));
    }
    return out;
  }

  static Figure scatter(ReportAnalysis a, String rule, Variant v) {
    String title = v.display() + " vs fine-tuned weighted F1 (" + rule + " epochs)";
    XYChart chart =
        xy(
            title,
            v.display()
                + (v.direction().expectedSign() < 0
                    ? "  (lower = easier transfer)"
                    : "  (higher = easier transfer)"),
            "weighted F1 (mean over seeds)");
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    for (Map.Entry<String, List<Cell>> e :
        ReportAnalysis.groupBy(a.cells(rule, v.id()), Cell::checkpoint).entrySet()) {
      double[] x = e.getValue().stream().mapToDouble(Cell::score).toArray();
      double[] y = e.getValue().stream().mapToDouble(Cell::f1).toArray();
      XYSeries points = chart.addSeries(e.getKey(), x, y);
      points.setMarker(SeriesMarkers.CIRCLE);
      points.setMarkerColor(colour(a, e.getKey()));
      double[] line = fit(x, y);
      if (line != null) {
        double lo = java.util.Arrays.stream(x).min().orElseThrow();
        double hi = java.util.Arrays.stream(x).max().orElseThrow();
        XYSeries fitted =
            chart.addSeries(
                e.getKey() + " fit",
                new double[] {lo, hi},
                new double[] {line[0] + line[1] * lo, line[0] + line[1] * hi});
        fitted.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        fitted.setMarker(SeriesMarkers.NONE);
        fitted.setLineColor(colour(a, e.getKey()));
        fitted.setShowInLegend(false);
      }
    }
    return figure(
        rule,
        "scatter-" + rule + "-" + v.id(),
        title,
        "Each point is a fold; one colour per checkpoint, with its least-squares line.",
        chart);
  }

  static Figure levels(ReportAnalysis a, String rule, Variant v) {
    String title =
        "Mean fine-tuned F1 per distance level: " + v.display() + " (" + rule + " epochs)";
    XYChart chart =
        xy(
            title,
            "distance level (1 = closest quarter of the folds by score, 4 = farthest)",
            "weighted F1: mean +- sd over the level's folds");
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setXAxisTickMarkSpacingHint(120);
    Table t = a.table(ReportAnalysis.LEVELS);
    Map<String, List<List<Object>>> byCheckpoint = new java.util.TreeMap<>();
    for (List<Object> r : t.rows()) {
      if (r.get(0).equals(rule) && r.get(1).equals(v.id())) {
        byCheckpoint.computeIfAbsent((String) r.get(2), k -> new ArrayList<>()).add(r);
      }
    }
    byCheckpoint.forEach(
        (ckpt, rows) -> {
          double[] x = rows.stream().mapToDouble(r -> ((Number) r.get(3)).doubleValue()).toArray();
          double[] y = rows.stream().mapToDouble(r -> (Double) r.get(7)).toArray();
          double[] e =
              rows.stream()
                  .mapToDouble(r -> Double.isNaN((Double) r.get(8)) ? 0 : (Double) r.get(8))
                  .toArray();
          XYSeries s = chart.addSeries(ckpt, x, y, e);
          s.setMarker(SeriesMarkers.CIRCLE);
          s.setMarkerColor(colour(a, ckpt));
          s.setLineColor(colour(a, ckpt));
        });
    return figure(
        rule,
        "levels-" + rule + "-" + v.id(),
        title,
        "Per checkpoint, its folds are cut into four equal groups by the score's rank; the bars are one sd of F1 across the level's folds.",
        chart);
  }

  static Figure selection(
      ReportAnalysis a,
      String rule,
      String column,
      String randomColumn,
      String axis,
      String caption) {
    Table t = a.table(ReportAnalysis.SELECTION);
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Double> lower = new ArrayList<>();
    List<Double> upper = new ArrayList<>();
    Double random = null;
    for (List<Object> r : t.rows()) {
      if (!r.get(0).equals(rule)) {
        continue;
      }
      names.add(a.variant((String) r.get(1)).display());
      double v = (Double) r.get(t.column(column));
      values.add(v);
      random = (Double) r.get(t.column(randomColumn));
      double lo =
          (Double) r.get(t.column(column.replace("_rate", "").replace("_points", "") + "_lower"));
      double hi =
          (Double) r.get(t.column(column.replace("_rate", "").replace("_points", "") + "_upper"));
      lower.add(v - lo);
      upper.add(hi - v);
    }
    if (random != null) {
      names.add("random choice");
      values.add(random);
    }
    if (!column.startsWith("top1")) {
      // regret is in F1 points: next to it, how much F1 moves between seeds and between checkpoints
      Table noise = a.table(ReportAnalysis.SEED_NOISE);
      double[] seedSd =
          noise.rows().stream()
              .filter(r -> r.get(0).equals(rule))
              .mapToDouble(r -> (Double) r.get(4))
              .filter(Double::isFinite)
              .toArray();
      double[] betweenSd =
          noise.rows().stream()
              .filter(r -> r.get(0).equals(rule))
              .mapToDouble(r -> (Double) r.get(5))
              .filter(Double::isFinite)
              .toArray();
      if (seedSd.length > 0) {
        names.add("seed-to-seed sd");
        values.add(MeanSd.of(seedSd).mean());
      }
      if (betweenSd.length > 0) {
        names.add("between-checkpoint sd");
        values.add(MeanSd.of(betweenSd).mean());
      }
    }
    String title =
        (column.startsWith("top1")
                ? "Checkpoint selection: top-1 hit rate"
                : "Checkpoint selection: regret")
            + " ("
            + rule
            + " epochs)";
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("score")
            .yAxisTitle(axis)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(20);
    List<Double> errors = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      errors.add(i < lower.size() ? Math.max(lower.get(i), upper.get(i)) : 0.0);
    }
    if (!names.isEmpty()) {
      chart.addSeries(axis, names, values, errors);
    }
    return figure(
        rule,
        "selection-" + (column.startsWith("top1") ? "top1" : "regret") + "-" + rule,
        title,
        caption
            + "; error bars: the larger side of the 95% bootstrap interval over folds; \"random choice\" is the expectation of a uniformly random choice"
            + (column.startsWith("top1")
                ? "."
                : "; the last bars are the mean over folds of the seed-to-seed sd of F1 and of the sd between checkpoints (F1 points)."),
        chart);
  }

  static Figure seedNoise(ReportAnalysis a, String rule) {
    String title = "Seed noise vs between-checkpoint spread (" + rule + " epochs)";
    XYChart chart =
        xy(
            title,
            "sd of F1 between checkpoints on the fold (F1 points)",
            "sd of F1 between seeds (F1 points, pooled)");
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    Table t = a.table(ReportAnalysis.SEED_NOISE);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      if (r.get(0).equals(rule)
          && !Double.isNaN((Double) r.get(4))
          && !Double.isNaN((Double) r.get(5))) {
        x.add((Double) r.get(5));
        y.add((Double) r.get(4));
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries("folds", x, y).setMarker(SeriesMarkers.CIRCLE);
      double m =
          Math.max(
              x.stream().mapToDouble(d -> d).max().orElse(1),
              y.stream().mapToDouble(d -> d).max().orElse(1));
      XYSeries diag = chart.addSeries("equal spread", new double[] {0, m}, new double[] {0, m});
      diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      diag.setMarker(SeriesMarkers.NONE);
      diag.setLineColor(Color.GRAY);
    } else {
      chart
          .addSeries("no fold has two seeds", new double[] {0}, new double[] {0})
          .setMarker(SeriesMarkers.NONE);
    }
    return figure(
        rule,
        "seed-noise-" + rule,
        title,
        "Each point is a fold. Above the grey line, seeds disagree more than checkpoints differ: a ranking there is within the noise.",
        chart);
  }

  /** Intercept and slope of the least-squares line, or null when x is constant. */
  static double[] fit(double[] x, double[] y) {
    MeanSd mx = MeanSd.of(x);
    MeanSd my = MeanSd.of(y);
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < x.length; i++) {
      sxx += (x[i] - mx.mean()) * (x[i] - mx.mean());
      sxy += (x[i] - mx.mean()) * (y[i] - my.mean());
    }
    if (!(sxx > 0)) {
      return null;
    }
    double slope = sxy / sxx;
    return new double[] {my.mean() - slope * mx.mean(), slope};
  }

  private static XYChart xy(String title, String xAxis, String yAxis) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    style(chart.getStyler());
    return chart;
  }

  private static void style(Styler s) {
    s.setChartTitleFont(TITLE);
    s.setLegendFont(TEXT);
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setAntiAlias(true);
    if (s instanceof org.knowm.xchart.style.AxesChartStyler axes) {
      axes.setAxisTitleFont(TEXT);
      axes.setAxisTickLabelsFont(TEXT.deriveFont(12f));
      axes.setPlotGridLinesVisible(true);
    }
  }

  private static Figure figure(
      String rule, String name, String title, String caption, Chart<?, ?> chart) {
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
      ByteArrayOutputStream svg = new ByteArrayOutputStream();
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      return new Figure(name, rule, title, caption, png.toByteArray(), svg.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render figure " + name, e);
    }
  }
}
