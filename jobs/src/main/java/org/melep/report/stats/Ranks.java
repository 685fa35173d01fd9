package org.melep.report.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Ranks 1..n with ties given the average of the ranks they span (scipy's {@code rankdata} default).
 */
public final class Ranks {
  private Ranks() {}

  public static double[] average(double[] x) {
    Checks.finite(x, "ranks");
    int n = x.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}
