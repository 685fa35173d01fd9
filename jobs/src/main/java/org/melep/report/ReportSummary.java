package org.melep.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sentence on top of the report, from its own tables. */
public final class ReportSummary {
  private ReportSummary() {}

  public static String sentence(ReportAnalysis a, String rule, Variant primary) {
    Table sel = a.table(ReportAnalysis.SELECTION);
    List<Object> row = find(sel, rule, primary.id());
    if (row == null) {
      return "No fold has a score of "
          + primary.display()
          + " and fine-tuning results for two or more checkpoints ("
          + rule
          + " epochs): nothing to compare.";
    }
    int folds = ((Number) row.get(sel.column("folds"))).intValue();
    double hits = (Double) row.get(sel.column("top1_hits"));
    double randomHits = (Double) row.get(sel.column("random_top1_rate")) * folds;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "On %d folds (%s epochs), %s picked the best checkpoint in %s of %d (random choice: %s)",
            folds,
            rule,
            primary.display(),
            count(hits),
            folds,
            count(randomHits)));
    for (Variant v : a.variants()) {
      List<Object> other = find(sel, rule, v.id());
      if (v.baseline() && v.weighting().equals(primary.weighting()) && other != null) {
        b.append(
            String.format(
                Locale.ROOT,
                ", %s: %s",
                v.display(),
                count((Double) other.get(sel.column("top1_hits")))));
      }
    }
    b.append(
        String.format(
            Locale.ROOT,
            "; mean regret %.2f F1 points (random: %.2f)",
            (Double) row.get(sel.column("regret_points")),
            (Double) row.get(sel.column("random_regret_points"))));
    Table cor = a.table(ReportAnalysis.CORRELATION);
    List<String> rs = new ArrayList<>();
    List<String> partial = new ArrayList<>();
    for (List<Object> r : cor.rows()) {
      if (r.get(0).equals(rule) && r.get(1).equals(primary.id())) {
        rs.add(r.get(2) + " " + Table.fmt((Double) r.get(cor.column("pearson_r")), 2));
        partial.add(r.get(2) + " " + Table.fmt((Double) r.get(cor.column("partial_r")), 2));
      }
    }
    b.append("; Pearson r per checkpoint: ").append(String.join(", ", rs));
    b.append(
        primary.direction().expectedSign() < 0
            ? " (negative is good: lower score, higher F1)"
            : " (positive is good)");
    b.append("; given the label-only score (partial r): ").append(String.join(", ", partial));
    int within = ((Number) row.get(sel.column("top2_within_noise_folds"))).intValue();
    int known = ((Number) row.get(sel.column("top2_noise_folds"))).intValue();
    if (known > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "; on %d of %d folds the score's top two checkpoints are within the seed-to-seed noise",
              within,
              known));
    }
    List<String> others = new ArrayList<>();
    for (Variant v : a.variants()) {
      List<Object> other = find(sel, rule, v.id());
      if (!v.baseline() && v.metric() != primary.metric() && other != null) {
        others.add(
            String.format(
                Locale.ROOT,
                "%s %s of %d (regret %.2f)",
                v.display(),
                count((Double) other.get(sel.column("top1_hits"))),
                ((Number) other.get(sel.column("folds"))).intValue(),
                (Double) other.get(sel.column("regret_points"))));
      }
    }
    if (!others.isEmpty()) {
      b.append("; the other metrics picked the best checkpoint in: ")
          .append(String.join(", ", others));
    }
    return b.append('.').toString();
  }

  static List<Object> find(Table t, String rule, String variant) {
    for (List<Object> r : t.rows()) {
      if (r.get(0).equals(rule) && r.get(1).equals(variant)) {
        return r;
      }
    }
    return null;
  }

  private static String count(double v) {
    return Math.abs(v - Math.rint(v)) < 1e-9
        ? String.valueOf((long) Math.rint(v))
        : String.format(Locale.ROOT, "%.1f", v);
  }
}
