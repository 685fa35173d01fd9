package org.melep.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code index.html}: one self-contained page (styles inline, figures as PNG data URIs, no script,
 * font or any other resource fetched), readable on a laptop screen. Links to the CSV tables and SVG
 * figures beside it are relative.
 */
public final class ReportHtml {
  private ReportHtml() {}

  public static String page(ReportResult r) {
    ReportAnalysis a = r.analysis();
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>melep report</title>\n<style>\n")
        .append(
            "body{font-family:sans-serif;margin:1.5em auto;max-width:1150px;padding:0 1em;color:#222;line-height:1.4}\n")
        .append("table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:13px}\n")
        .append(
            "th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f2f2f2}\n")
        .append(
            "td.l,th.l{text-align:left}.summary{font-size:17px;background:#eef5ff;padding:.8em 1em;border-left:5px solid #36c}\n")
        .append(".note{background:#fff6e0;padding:.5em 1em;border-left:5px solid #e90}\n")
        .append(
            "figure{margin:1em 0}img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:13px;color:#555}\n")
        .append("</style></head><body>\n");
    b.append("<h1>Does the score predict transfer?</h1>\n");
    b.append("<p class=\"summary\" id=\"summary\">").append(esc(r.summary())).append("</p>\n");
    for (String note : r.notes()) {
      b.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
    }
    b.append("<p>Inputs: ")
        .append(esc(r.inputsDescription()))
        .append(". Every number below is in <code>tables/*.csv</code>; ")
        .append(
            "what each means: <code>docs/report.md</code>. F1 is the fine-tuned weighted F1 on the fold's test split, ")
        .append("averaged over seeds; regret and spreads are in F1 points (F1 x 100).</p>\n");
    boolean severalMetrics =
        a.variants().stream().filter(v -> !v.baseline()).map(Variant::metric).distinct().count()
            > 1;
    for (String rule : a.epochRules()) {
      b.append("<h2>").append(esc(rule)).append(" epochs</h2>\n");
      if (severalMetrics) {
        sideBySide(b, a, rule);
      }
      b.append("<h3>Correlation of score and fine-tuned F1 across folds (Table 2)</h3>\n");
      b.append(
              "<p>Per checkpoint, across its folds. For MELEP a good score correlates <em>negatively</em> with F1. ")
          .append(
              "Interval: Fisher z, 95%. Partial r: given the label-only score of the fold. Residual r: fold and checkpoint means removed.</p>\n");
      correlationTable(b, a, rule);
      b.append("<h3>Checkpoint selection (Figure 6)</h3>\n");
      selectionTable(b, a, rule);
      for (Figure f : r.figures()) {
        if (f.epochRule().equals(rule)) {
          b.append("<figure><img alt=\"")
              .append(esc(f.title()))
              .append("\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(f.png()))
              .append("\">")
              .append("<figcaption>")
              .append(esc(f.title()))
              .append(". ")
              .append(esc(f.caption()))
              .append(" (<a href=\"figures/")
              .append(f.name())
              .append(".svg\">SVG</a>)</figcaption></figure>\n");
        }
      }
    }
    b.append("<h2>Tables</h2>\n<ul>\n");
    for (Table t : a.tables().values()) {
      b.append("<li><a href=\"tables/")
          .append(t.name())
          .append(".csv\">")
          .append(t.name())
          .append(".csv</a> (")
          .append(t.rows().size())
          .append(" rows)</li>\n");
    }
    b.append("</ul>\n</body></html>\n");
    return b.toString();
  }

  /**
   * Every score's correlation and selection results in one table, then Pearson r per checkpoint
   * with a column per score.
   */
  private static void sideBySide(StringBuilder b, ReportAnalysis a, String rule) {
    Table t = a.table(ReportAnalysis.METRICS);
    b.append("<h3 id=\"side-by-side-")
        .append(esc(rule))
        .append("\">Every score side by side</h3>\n");
    b.append(
            "<p>One row per score (and baseline). Correlations are per checkpoint across folds, averaged over checkpoints; ")
        .append(
            "a useful score correlates with F1 in the sign of its direction (negative for lower-is-better MELEP, positive for the others). ")
        .append(
            "Selection: per fold, the checkpoint the score ranks best (<code>tables/metrics.csv</code>).</p>\n");
    b.append(
            "<table class=\"metrics\"><tr><th class=\"l\">score</th><th>better</th><th>checkpoints with the useful sign</th>")
        .append(
            "<th>mean Pearson r</th><th>mean Spearman rho</th><th>mean partial r</th><th>folds</th><th>top-1 rate [95%]</th>")
        .append(
            "<th>random top-1</th><th>regret, F1 points [95%]</th><th>random regret</th><th>Spearman per fold</th><th>weighted tau</th></tr>\n");
    for (List<Object> r : t.rows()) {
      if (!r.get(0).equals(rule)) {
        continue;
      }
      b.append("<tr><td class=\"l\">")
          .append(esc(a.variant((String) r.get(1)).display()))
          .append("</td><td>")
          .append(r.get(t.column("better")))
          .append("</td><td>")
          .append(r.get(t.column("checkpoints_expected_sign")))
          .append(" of ")
          .append(r.get(t.column("checkpoints")))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "mean_pearson_r"), 3))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "mean_spearman_rho"), 3))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "mean_partial_r"), 3))
          .append("</td><td>")
          .append(str(r.get(t.column("folds"))))
          .append("</td><td>")
          .append(ci(r, t, "top1_rate", "top1"))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "random_top1_rate"), 3))
          .append("</td><td>")
          .append(ci(r, t, "regret_points", "regret"))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "random_regret_points"), 2))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "selection_spearman_rho"), 3))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "weighted_tau"), 3))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
    Table wide = a.table(ReportAnalysis.TABLE2);
    List<Variant> shown =
        a.variants().stream().filter(v -> wide.header().contains(v.id() + "_pearson_r")).toList();
    b.append(
        "<p>Pearson r of score and F1 across folds, per checkpoint, a column per score (<code>tables/table2.csv</code> also has Spearman rho).</p>\n");
    b.append(
        "<table class=\"metrics-per-checkpoint\"><tr><th class=\"l\">checkpoint</th><th class=\"l\">source</th><th class=\"l\">target</th>");
    for (Variant v : shown) {
      b.append("<th>").append(esc(v.display())).append("</th>");
    }
    b.append("</tr>\n");
    for (List<Object> r : wide.rows()) {
      if (!r.get(0).equals(rule)) {
        continue;
      }
      b.append("<tr><td class=\"l\">")
          .append(esc(str(r.get(1))))
          .append("</td><td class=\"l\">")
          .append(esc(str(r.get(2))))
          .append("</td><td class=\"l\">")
          .append(esc(str(r.get(3))))
          .append("</td>");
      for (Variant v : shown) {
        b.append("<td>").append(Table.fmt(d(r, wide, v.id() + "_pearson_r"), 3)).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
  }

  private static void correlationTable(StringBuilder b, ReportAnalysis a, String rule) {
    Table t = a.table(ReportAnalysis.CORRELATION);
    b.append(
            "<table><tr><th class=\"l\">score</th><th class=\"l\">checkpoint</th><th class=\"l\">source</th><th class=\"l\">target</th>")
        .append(
            "<th>folds</th><th>Pearson r [95%]</th><th>p</th><th>Spearman rho</th><th>Kendall tau-b</th><th>partial r</th><th>residual r</th></tr>\n");
    for (List<Object> r : t.rows()) {
      if (!r.get(0).equals(rule)) {
        continue;
      }
      b.append("<tr><td class=\"l\">")
          .append(esc(a.variant((String) r.get(1)).display()))
          .append("</td><td class=\"l\">")
          .append(esc(str(r.get(2))))
          .append("</td><td class=\"l\">")
          .append(esc(str(r.get(3))))
          .append("</td><td class=\"l\">")
          .append(esc(str(r.get(4))))
          .append("</td><td>")
          .append(r.get(5))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "pearson_r"), 3))
          .append(" [")
          .append(Table.fmt(d(r, t, "pearson_lower"), 2))
          .append(", ")
          .append(Table.fmt(d(r, t, "pearson_upper"), 2))
          .append("]</td><td>")
          .append(p(d(r, t, "pearson_p")))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "spearman_rho"), 3))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "kendall_tau_b"), 3))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "partial_r"), 3))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "residual_r"), 3))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void selectionTable(StringBuilder b, ReportAnalysis a, String rule) {
    Table t = a.table(ReportAnalysis.SELECTION);
    b.append(
            "<table><tr><th class=\"l\">score</th><th>folds</th><th>top-1 hits</th><th>top-1 rate [95%]</th><th>random top-1</th>")
        .append(
            "<th>regret, F1 points [95%]</th><th>random regret</th><th>Spearman per fold [95%]</th><th>weighted tau [95%]</th>")
        .append("<th>residual r</th><th>top two within seed noise</th></tr>\n");
    for (List<Object> r : t.rows()) {
      if (!r.get(0).equals(rule)) {
        continue;
      }
      b.append("<tr><td class=\"l\">")
          .append(esc(a.variant((String) r.get(1)).display()))
          .append("</td><td>")
          .append(r.get(2))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "top1_hits"), 1))
          .append("</td><td>")
          .append(ci(r, t, "top1_rate", "top1"))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "random_top1_rate"), 3))
          .append("</td><td>")
          .append(ci(r, t, "regret_points", "regret"))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "random_regret_points"), 2))
          .append("</td><td>")
          .append(ci(r, t, "spearman_rho", "spearman"))
          .append("</td><td>")
          .append(ci(r, t, "weighted_tau", "weighted_tau"))
          .append("</td><td>")
          .append(Table.fmt(d(r, t, "residual_r"), 3))
          .append("</td><td>")
          .append(r.get(t.column("top2_within_noise_folds")))
          .append(" of ")
          .append(r.get(t.column("top2_noise_folds")))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static String ci(List<Object> r, Table t, String column, String prefix) {
    return Table.fmt(d(r, t, column), 3)
        + " ["
        + Table.fmt(d(r, t, prefix + "_lower"), 2)
        + ", "
        + Table.fmt(d(r, t, prefix + "_upper"), 2)
        + "]";
  }

  private static double d(List<Object> r, Table t, String column) {
    Object v = r.get(t.column(column));
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static String p(double v) {
    return Double.isNaN(v)
        ? "\u2013"
        : v < 1e-4 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String str(Object o) {
    return o == null ? "?" : o.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
