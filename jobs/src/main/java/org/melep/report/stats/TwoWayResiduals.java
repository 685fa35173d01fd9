package org.melep.report.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fold- and checkpoint-specific parts of a (fold x checkpoint) table: {@code v - mean(fold) -
 * mean(checkpoint) + grand mean}, the means taken over the cells present. What is left is what a
 * score says about this checkpoint on this fold beyond "this fold is easy" and "this checkpoint is
 * good".
 */
public final class TwoWayResiduals {
  private TwoWayResiduals() {}

  /** One cell: its fold, checkpoint and value. */
  public record Cell(String fold, String checkpoint, double value) {}

  public static double[] of(List<Cell> cells) {
    Map<String, double[]> byFold = new HashMap<>();
    Map<String, double[]> byCheckpoint = new HashMap<>();
    double total = 0;
    for (Cell c : cells) {
      if (!Double.isFinite(c.value())) {
        throw new IllegalArgumentException(
            "Cannot compute residuals: value "
                + c.value()
                + " at fold "
                + c.fold()
                + ", checkpoint "
                + c.checkpoint());
      }
      accumulate(byFold, c.fold(), c.value());
      accumulate(byCheckpoint, c.checkpoint(), c.value());
      total += c.value();
    }
    double grand = total / cells.size();
    double[] out = new double[cells.size()];
    for (int i = 0; i < out.length; i++) {
      Cell c = cells.get(i);
      double[] f = byFold.get(c.fold());
      double[] k = byCheckpoint.get(c.checkpoint());
      out[i] = c.value() - f[0] / f[1] - k[0] / k[1] + grand;
    }
    return out;
  }

  private static void accumulate(Map<String, double[]> m, String key, double v) {
    double[] s = m.computeIfAbsent(key, x -> new double[2]);
    s[0] += v;
    s[1] += 1;
  }
}
