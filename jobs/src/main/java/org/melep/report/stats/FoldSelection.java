package org.melep.report.stats;

/**
 * Checkpoint selection on one fold: the score picks its best checkpoint, fine-tuning says which was
 * best. Ties in the score are a uniform choice among the tied, so the hit is the fraction of the
 * tied that are best by F1 and the regret the mean over them: a score that cannot tell the
 * checkpoints apart scores exactly like random choice.
 *
 * @param k checkpoints on the fold
 * @param hit 1 when the score's choice is the best by F1 (0 to 1 with ties)
 * @param regret F1 of the best minus F1 of the chosen (mean over tied choices), in F1 units
 * @param randomHit expected hit of a uniformly random choice (1/k when the best is unique)
 * @param randomRegret expected regret of a random choice (best minus mean F1)
 * @param spearman Spearman rho of the ranking by score against the ranking by F1 (NaN if either is
 *     constant)
 * @param weightedTau weighted tau (hyperbolic), score oriented so that larger is better
 */
public record FoldSelection(
    int k,
    double hit,
    double regret,
    double randomHit,
    double randomRegret,
    double spearman,
    double weightedTau) {

  /**
   * @param goodness the score oriented so that larger means the score expects better transfer
   * @param f1 the fine-tuned F1 of the same checkpoints
   */
  public static FoldSelection of(double[] goodness, double[] f1) {
    Checks.sameLength(goodness, f1);
    Checks.finite(goodness, "a selection");
    Checks.finite(f1, "a selection");
    int k = goodness.length;
    if (k == 0) {
      throw new IllegalArgumentException("Cannot compute a selection: no checkpoints");
    }
    double bestScore = Double.NEGATIVE_INFINITY;
    double bestF1 = Double.NEGATIVE_INFINITY;
    double sumF1 = 0;
    for (int i = 0; i < k; i++) {
      bestScore = Math.max(bestScore, goodness[i]);
      bestF1 = Math.max(bestF1, f1[i]);
      sumF1 += f1[i];
    }
    int chosen = 0;
    int chosenBest = 0;
    double chosenF1 = 0;
    int best = 0;
    for (int i = 0; i < k; i++) {
      boolean isBest = f1[i] == bestF1;
      best += isBest ? 1 : 0;
      if (goodness[i] == bestScore) {
        chosen++;
        chosenBest += isBest ? 1 : 0;
        chosenF1 += f1[i];
      }
    }
    double rho = k >= 2 ? RankCorrelations.spearman(goodness, f1).r() : Double.NaN;
    double tau = k >= 2 ? RankCorrelations.weightedTau(goodness, f1) : Double.NaN;
    return new FoldSelection(
        k,
        (double) chosenBest / chosen,
        bestF1 - chosenF1 / chosen,
        (double) best / k,
        bestF1 - sumF1 / k,
        rho,
        tau);
  }
}
