package org.melep.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestSplits {

  @Test
  void stratifiedSplitIsSeededAndKeepsEachRareLabelNearTheFraction() {
    int n = 600;
    int labels = 4;
    float[] y = new float[n * labels];
    SplittableRandom r = new SplittableRandom(1);
    double[] p = {0.5, 0.2, 0.05, 0.02};
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < labels; l++) {
        y[i * labels + l] = r.nextDouble() < p[l] ? 1 : 0;
      }
    }
    boolean[] a = Splits.stratified(y, n, labels, 0.33, 7);
    assertThat(Splits.stratified(y, n, labels, 0.33, 7)).isEqualTo(a);
    assertThat(Splits.stratified(y, n, labels, 0.33, 8)).isNotEqualTo(a);
    assertThat(Splits.where(a, true).length).isBetween(190, 206);
    for (int l = 1; l < labels; l++) {
      int pos = 0;
      int held = 0;
      for (int i = 0; i < n; i++) {
        if (y[i * labels + l] > 0) {
          pos++;
          held += a[i] ? 1 : 0;
        }
      }
      assertThat((double) held / pos).as("label %d", l).isBetween(0.2, 0.46);
    }
  }

  @Test
  void permutationIsSeeded() {
    assertThat(Splits.permutation(10, 3))
        .isEqualTo(Splits.permutation(10, 3))
        .isNotEqualTo(Splits.permutation(10, 4));
    assertThat(Splits.permutation(10, 3)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }
}
