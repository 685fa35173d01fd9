package org.melep.report.stats;

/**
 * The paper's four distance levels (Figures 3-5): the folds of one checkpoint sorted by score from
 * the easiest transfer to the hardest and cut at the quartiles of the rank: level {@code floor(4
 * (rank - 1) / n) + 1}, rank 1..n by descending goodness, ties sharing their average rank (so tied
 * folds share a level). Level 1 is the closest (e.g. the lowest MELEP), level 4 the farthest; with
 * n divisible by 4 every level holds n/4 folds.
 */
public final class DistanceLevels {
  public static final int LEVELS = 4;

  private DistanceLevels() {}

  public static int[] assign(double[] goodness) {
    int n = goodness.length;
    double[] negated = new double[n];
    for (int i = 0; i < n; i++) {
      negated[i] = -goodness[i];
    }
    double[] rank = Ranks.average(negated);
    int[] level = new int[n];
    for (int i = 0; i < n; i++) {
      level[i] = Math.min(LEVELS, (int) Math.floor(LEVELS * (rank[i] - 1) / n) + 1);
    }
    return level;
  }
}
