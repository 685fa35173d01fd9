package org.melep.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.melep.melep.MelepCalculator;
import org.melep.melep.MelepResult;
import org.melep.melep.Weighting;

class TestSelectionStats {

  @Test
  void topOneHitAndRegretOfAFoldAreTheHandValues() {
    // F1 of 4 checkpoints; the score (goodness) prefers #2 whose F1 is 0.70, the best is #0 (0.80)
    double[] f1 = {0.80, 0.60, 0.70, 0.50};
    FoldSelection miss = FoldSelection.of(new double[] {3, 1, 4, 2}, f1);
    assertThat(miss.k()).isEqualTo(4);
    assertThat(miss.hit()).isZero();
    assertThat(miss.regret()).isCloseTo(0.10, within(1e-15));
    assertThat(miss.randomHit()).isEqualTo(0.25);
    assertThat(miss.randomRegret()).isCloseTo(0.80 - 0.65, within(1e-15));
    // ranks of score 3,1,4,2 vs f1 4,2,3,1: d = (-1,-1,1,1), rho = 1 - 6*4/(4*15) = 0.6
    assertThat(miss.spearman()).isCloseTo(0.6, within(1e-15));
    FoldSelection hit = FoldSelection.of(new double[] {9, 3, 4, 2}, f1);
    assertThat(hit.hit()).isEqualTo(1.0);
    assertThat(hit.regret()).isZero();
    assertThat(hit.weightedTau()).isCloseTo(1.0, within(1e-15));
  }

  @Test
  void aScoreThatCannotTellCheckpointsApartIsExactlyRandomChoice() {
    double[] f1 = {0.80, 0.60, 0.70, 0.50};
    FoldSelection flat = FoldSelection.of(new double[] {1, 1, 1, 1}, f1);
    assertThat(flat.hit()).isEqualTo(flat.randomHit());
    assertThat(flat.regret()).isCloseTo(flat.randomRegret(), within(1e-15));
    assertThat(flat.spearman()).isNaN();
    // the random baseline by enumeration: choose each checkpoint once
    double hits = 0;
    double regret = 0;
    for (int i = 0; i < f1.length; i++) {
      double[] g = new double[f1.length];
      g[i] = 1;
      FoldSelection s = FoldSelection.of(g, f1);
      hits += s.hit();
      regret += s.regret();
    }
    assertThat(flat.randomHit()).isCloseTo(hits / f1.length, within(1e-15));
    assertThat(flat.randomRegret()).isCloseTo(regret / f1.length, within(1e-15));
    // a two-way tie at the top containing the best: half a hit
    assertThat(FoldSelection.of(new double[] {5, 5, 1, 1}, f1).hit()).isEqualTo(0.5);
  }

  @Test
  void bootstrapIsSeededAndCoversTheMean() {
    Random random = new Random(5);
    double[] v = new double[400];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian() + (i == 7 ? Double.NaN : 0);
    }
    Bootstrap.Interval a = Bootstrap.meanInterval(v, 2000, 42);
    assertThat(Bootstrap.meanInterval(v, 2000, 42)).isEqualTo(a);
    assertThat(a.n()).isEqualTo(399);
    MeanSd ms = MeanSd.of(java.util.Arrays.stream(v).filter(Double::isFinite).toArray());
    assertThat(a.mean()).isCloseTo(ms.mean(), within(1e-12));
    // the normal approximation mean +- 1.96 sd / sqrt(n) (independent of the resampling)
    double half = 1.96 * ms.sd() / Math.sqrt(ms.n());
    assertThat(a.lower()).isCloseTo(ms.mean() - half, within(0.2 * half));
    assertThat(a.upper()).isCloseTo(ms.mean() + half, within(0.2 * half));
    assertThat(Bootstrap.meanInterval(new double[] {0.5, 0.5}, 100, 1))
        .isEqualTo(new Bootstrap.Interval(2, 0.5, 0.5, 0.5));
    assertThat(Bootstrap.meanInterval(new double[] {Double.NaN}, 100, 1).mean()).isNaN();
  }

  @Test
  void labelOnlyScoreIsMelepOfConstantOutputs() {
    Random random = new Random(9);
    int n = 400;
    List<String> labels = List.of("AF", "SB", "STach");
    double[] prevalence = {0.1, 0.3, 0.6};
    boolean[][] targets = new boolean[n][3];
    long[] positives = new long[3];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 3; y++) {
        targets[i][y] = random.nextDouble() < prevalence[y];
        positives[y] += targets[i][y] ? 1 : 0;
      }
    }
    double[][] theta = new double[n][];
    for (int i = 0; i < n; i++) {
      theta[i] = new double[] {0.2, 0.9, 0.5, 0.01};
    }
    for (Weighting w : Weighting.values()) {
      MelepResult melep = MelepCalculator.compute(labels, theta, targets, w);
      assertThat(LabelOnlyScore.melep(n, positives, w))
          .as(w.id())
          .isCloseTo(melep.melep(), within(1e-12));
    }
    // MELEP-MATH.md: H(0.3) = 0.611 nats
    assertThat(LabelOnlyScore.binaryEntropy(0.3)).isCloseTo(0.6108643020548935, within(1e-15));
    assertThat(LabelOnlyScore.binaryEntropy(1.0)).isZero();
    assertThat(LabelOnlyScore.melep(10, new long[] {0, 3}, Weighting.CODE)).isNull();
    assertThat(LabelOnlyScore.melep(10, new long[] {10, 3}, Weighting.PAPER)).isNull();
    assertThat(LabelOnlyScore.melep(10, new long[] {10, 3}, Weighting.CODE)).isNotNull();
  }

  @Test
  void distanceLevelsCutAtTheRankQuartilesClosestFirst() {
    // goodness 8..1: the two best are level 1, the two worst level 4
    assertThat(DistanceLevels.assign(new double[] {8, 7, 6, 5, 4, 3, 2, 1}))
        .containsExactly(1, 1, 2, 2, 3, 3, 4, 4);
    // 5 folds: ranks 1..5 -> floor(4 (r-1) / 5) + 1 = 1, 1, 2, 3, 4
    assertThat(DistanceLevels.assign(new double[] {5, 4, 3, 2, 1})).containsExactly(1, 1, 2, 3, 4);
    // ties share their average rank and level
    int[] tied = DistanceLevels.assign(new double[] {1, 1, 0, 0});
    assertThat(tied[0]).isEqualTo(tied[1]);
    assertThat(tied[2]).isEqualTo(tied[3]);
  }

  @Test
  void metricsCarryTheirDirection() {
    assertThat(ScoreMetric.parse("melep").direction()).isEqualTo(ScoreDirection.LOWER_IS_BETTER);
    assertThat(ScoreMetric.parse("H-score").direction()).isEqualTo(ScoreDirection.HIGHER_IS_BETTER);
    assertThat(ScoreMetric.parse("nce").direction().goodness(-0.4)).isEqualTo(-0.4);
    assertThat(ScoreMetric.MELEP.direction().goodness(0.4)).isEqualTo(-0.4);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScoreMetric.parse("leep"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown metric leep");
    // every metric melep score writes is known to the report, with the same id and direction
    for (org.melep.transfer.Metric m : org.melep.transfer.Metric.values()) {
      ScoreMetric r = ScoreMetric.parse(m.id());
      assertThat(r.id()).isEqualTo(m.id());
      assertThat(r.direction())
          .isEqualTo(
              m.higherIsBetter()
                  ? ScoreDirection.HIGHER_IS_BETTER
                  : ScoreDirection.LOWER_IS_BETTER);
    }
    assertThat(ScoreMetric.values()).hasSameSizeAs(org.melep.transfer.Metric.values());
  }
}
