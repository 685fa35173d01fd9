package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fine-tuning metrics against hand-worked values and a pairwise AUROC count. */
class TestEvalMetrics {

  @Test
  void handWorkedTwoLabelExample() {
    // 4 records x 2 labels; label 0: tp=1 fp=1 fn=1 -> F1 = 2/4; label 1: nothing true, nothing
    // predicted -> 0
    float[] logits = {2, -1, 1, -3, -1, -2, -4, -0.5f};
    float[] targets = {1, 0, 0, 0, 1, 0, 0, 0};
    double[] prevalence = {0.75, 0.25};
    EvalMetrics m = EvalMetrics.of(logits, targets, 4, prevalence);
    assertThat(m.perLabelF1()).containsExactly(0.5, 0.0);
    assertThat(m.weightedF1()).isCloseTo((0.75 * 0.5 + 0.25 * 0) / 1.0, within(1e-12));
    assertThat(m.macroF1()).isCloseTo(0.25, within(1e-12));
    // label 0 scores: pos {2, -1}, neg {1, -4}: pairs (2>1, 2>-4, -1<1, -1>-4) -> 3/4; label 1 has
    // no positives
    assertThat(m.meanAuroc()).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void aurocMatchesPairCountingWithTies() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 200;
    float[] s = new float[n];
    boolean[] t = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextInt(20) / 4f; // many ties
      t[i] = r.nextDouble() < 0.3 + s[i] / 20;
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (t[i] && !t[j]) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(Auroc.of(s, t, n)).isCloseTo(wins / pairs, within(1e-12));
  }

  @Test
  void labelPriorBaselineIsThePrevalenceWeightedPrevalence() {
    assertThat(Pretraining.priorBaseline(new double[] {0.5, 0.1, 0}))
        .isCloseTo((0.25 + 0.01) / 0.6, within(1e-12));
  }
}
