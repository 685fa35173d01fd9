package org.melep.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each metric from the mergeable state against a direct computation on the raw matrices. */
class TestFeatureMetrics {

  private static void assertClose(double actual, double expected, double relative) {
    assertThat(actual).isCloseTo(expected, within(relative * Math.max(1, Math.abs(expected))));
  }

  @Test
  void logMeMatchesTheFixedPointAlgorithmOnTheSvdOfF() {
    FeatureTask task = FeatureTask.of(1, 300, 7, 3, 4);
    MetricResult r = LogMe.finish(task.stats(true), task.labels());
    assertThat(r.status().text()).isEqualTo("ok");
    double sum = 0;
    for (int y = 0; y < 3; y++) {
      double direct = DirectMetrics.logMe(task.features(), task.target(y));
      assertClose(r.perLabel()[y], direct, 1e-9);
      sum += direct;
    }
    assertClose(r.value(), sum / 3, 1e-9);
    assertThat(r.metric().higherIsBetter()).isTrue();
  }

  @Test
  void logMeMatchesTheReferenceBeyondLapacksBlockSize() {
    // D above LAPACK's crossover (128) to blocked tridiagonal reduction; H-score's Cholesky too
    FeatureTask task = FeatureTask.of(13, 200, 140, 1, 1);
    FeatureStats s = task.stats(true);
    MetricResult r = LogMe.finish(s, task.labels());
    assertThat(r.status().text()).isEqualTo("ok");
    MetricResult h = HScore.finish(s, task.labels(), false);
    assertThat(h.status().text()).isEqualTo("ok");
    assertClose(r.value(), DirectMetrics.logMe(task.features(), task.target(0)), 1e-9);
    assertClose(h.value(), DirectMetrics.hScore(task.features(), task.target(0)), 1e-9);
  }

  @Test
  void logMeWithFewerRecordsThanFeaturesUsesTheNonZeroSpectrum() {
    FeatureTask task = FeatureTask.of(2, 20, 30, 2, 1);
    MetricResult r = LogMe.finish(task.stats(true), task.labels());
    assertThat(r.status().text()).isEqualTo("rank-deficient: F^T F has rank 20 of 30");
    for (int y = 0; y < 2; y++) {
      assertClose(r.perLabel()[y], DirectMetrics.logMe(task.features(), task.target(y)), 1e-7);
    }
  }

  @Test
  void hScoreMatchesTllibsTraceFormula() {
    FeatureTask task = FeatureTask.of(3, 250, 6, 3, 2);
    MetricResult r = HScore.finish(task.stats(true), task.labels(), false);
    assertThat(r.status().text()).isEqualTo("ok");
    double sum = 0;
    for (int y = 0; y < 3; y++) {
      double direct = DirectMetrics.hScore(task.features(), task.target(y));
      assertClose(r.perLabel()[y], direct, 1e-9);
      sum += direct;
    }
    assertClose(r.value(), sum / 3, 1e-9);
  }

  @Test
  void shrunkHScoreMatchesLedoitWolfOnTheCentredMatrix() {
    FeatureTask task = FeatureTask.of(4, 60, 8, 2, 2);
    FeatureStats s = task.stats(true);
    double[] mu = new double[8];
    for (int j = 0; j < 8; j++) {
      mu[j] = s.sumF(j) / s.n();
    }
    double[][] cov = DirectMetrics.covariance(task.features());
    double a = HScore.ledoitWolfShrinkage(s, mu, cov);
    assertThat(a).isBetween(0.0, 1.0);
    assertClose(a, DirectMetrics.ledoitWolf(task.features()), 1e-8);
    MetricResult r = HScore.finish(s, task.labels(), true);
    assertThat(r.metric()).isEqualTo(Metric.HSCORE_LW);
    for (int y = 0; y < 2; y++) {
      assertClose(
          r.perLabel()[y], DirectMetrics.hScoreShrunk(task.features(), task.target(y)), 1e-8);
    }
  }

  @Test
  void nceMatchesTheHardLabelEntropyWithMelepsCodeWeighting() {
    FeatureTask task = FeatureTask.of(5, 400, 3, 3, 5);
    MetricResult r = Nce.finish(task.stats(false), task.labels());
    double weighted = 0;
    double weights = 0;
    for (int y = 0; y < 3; y++) {
      double m = 0;
      for (int z = 0; z < 5; z++) {
        m += DirectMetrics.nce(task.targets(), task.theta(), y, z) / 5;
      }
      assertClose(r.perLabel()[y], m, 1e-12);
      double w = 0;
      for (boolean[] t : task.targets()) {
        w += t[y] ? 1 : 0;
      }
      weighted += w * m;
      weights += w;
    }
    assertClose(r.value(), weighted / weights, 1e-12);
    assertThat(r.averaging()).isEqualTo("code");
    assertThat(r.value()).isLessThanOrEqualTo(0.0);
  }

  @Test
  void ncePerfectSourceLabelIsZero() {
    FeatureTask base = FeatureTask.of(6, 100, 2, 1, 1);
    double[][] theta = new double[100][1];
    for (int i = 0; i < 100; i++) {
      theta[i][0] = base.targets()[i][0] ? 0.9 : 0.1;
    }
    FeatureTask task = new FeatureTask(base.features(), base.targets(), theta, base.labels());
    assertThat(Nce.finish(task.stats(false), task.labels()).value()).isEqualTo(0.0);
  }

  @Test
  void gbcMatchesTwoPassClassMomentsAndBhattacharyya() {
    FeatureTask task = FeatureTask.of(7, 300, 9, 3, 1);
    MetricResult r = Gbc.finish(task.stats(false), task.labels());
    assertThat(r.status().text()).isEqualTo("ok");
    double sum = 0;
    for (int y = 0; y < 3; y++) {
      double direct = DirectMetrics.gbc(task.features(), task.target(y));
      assertClose(r.perLabel()[y], direct, 1e-9);
      sum += direct;
    }
    assertClose(r.value(), sum / 3, 1e-9);
    assertThat(r.value()).isBetween(-2.0, 0.0);
  }

  @Test
  void mergeOfPartsEqualsTheWhole() {
    FeatureTask task = FeatureTask.of(8, 500, 6, 3, 4);
    FeatureStats whole = task.stats(true);
    FeatureStats merged =
        FeatureStats.empty(6, 3, 4, true)
            .merge(task.stats(300, 500, true))
            .merge(task.stats(0, 77, true))
            .merge(task.stats(77, 300, true));
    assertThat(merged.n()).isEqualTo(500);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        assertClose(merged.gram(i, j), whole.gram(i, j), 1e-12);
      }
    }
    List<String> l = task.labels();
    for (MetricResult[] pair :
        new MetricResult[][] {
          {LogMe.finish(merged, l), LogMe.finish(whole, l)},
          {HScore.finish(merged, l, false), HScore.finish(whole, l, false)},
          {HScore.finish(merged, l, true), HScore.finish(whole, l, true)},
          {Nce.finish(merged, l), Nce.finish(whole, l)},
          {Gbc.finish(merged, l), Gbc.finish(whole, l)}
        }) {
      assertThat(pair[0].status()).isEqualTo(pair[1].status());
      assertClose(pair[0].value(), pair[1].value(), 1e-10);
    }
  }

  @Test
  void gramIsTheSumOfOuterProducts() {
    FeatureTask task = FeatureTask.of(9, 200, 5, 1, 1);
    FeatureStats s = task.stats(true);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        double direct = 0;
        for (double[] f : task.features()) {
          direct += f[i] * f[j];
        }
        assertClose(s.gram(i, j), direct, 1e-12);
      }
    }
  }

  @Test
  void constantFeatureGivesNamedStatusesAndFiniteValues() {
    FeatureTask task = FeatureTask.of(10, 200, 5, 2, 2).withFeature(2, 3.5);
    FeatureStats s = task.stats(true);
    MetricResult h = HScore.finish(s, task.labels(), false);
    assertThat(h.status().text()).isEqualTo("rank-deficient: cov(f) has rank 4 of 5");
    // the pseudo-inverse ignores the constant feature: the H-score of the other four
    double[][] reduced = new double[200][4];
    for (int i = 0; i < 200; i++) {
      for (int j = 0, k = 0; j < 5; j++) {
        if (j != 2) {
          reduced[i][k++] = task.features()[i][j];
        }
      }
    }
    assertClose(h.perLabel()[0], DirectMetrics.hScore(reduced, task.target(0)), 1e-8);
    MetricResult g = Gbc.finish(s, task.labels());
    assertThat(g.status().text())
        .isEqualTo("constant-features: 2 (label, feature) pairs with a constant class");
    assertClose(g.perLabel()[1], DirectMetrics.gbc(reduced, task.target(1)), 1e-9);
    MetricResult lw = HScore.finish(s, task.labels(), true);
    assertThat(lw.status().text()).isEqualTo("ok");
    assertThat(lw.value()).isFinite();
    MetricResult logMe = LogMe.finish(s, task.labels());
    assertThat(logMe.value()).isFinite();
    assertClose(logMe.perLabel()[0], DirectMetrics.logMe(task.features(), task.target(0)), 1e-9);
  }

  @Test
  void duplicatedFeatureMakesTheGramRankDeficient() {
    FeatureTask base = FeatureTask.of(11, 150, 4, 1, 1);
    double[][] f = new double[150][5];
    for (int i = 0; i < 150; i++) {
      System.arraycopy(base.features()[i], 0, f[i], 0, 4);
      f[i][4] = 2 * base.features()[i][1];
    }
    FeatureTask task = new FeatureTask(f, base.targets(), base.theta(), base.labels());
    MetricResult r = LogMe.finish(task.stats(true), task.labels());
    assertThat(r.status().text()).isEqualTo("rank-deficient: F^T F has rank 4 of 5");
    assertClose(r.value(), DirectMetrics.logMe(f, task.target(0)), 1e-7);
  }

  @Test
  void labelWithoutPositivesIsDegenerateNeverNaN() {
    FeatureTask task = FeatureTask.of(12, 100, 4, 3, 2).withoutPositives(1);
    FeatureStats s = task.stats(true);
    for (MetricResult r :
        List.of(
            LogMe.finish(s, task.labels()),
            HScore.finish(s, task.labels(), false),
            HScore.finish(s, task.labels(), true),
            Nce.finish(s, task.labels()),
            Gbc.finish(s, task.labels()))) {
      assertThat(r.value()).isNull();
      assertThat(r.status().text()).isEqualTo("degenerate: label L1 has no positives");
    }
  }

  @Test
  void emptyGroupHasNoValue() {
    FeatureStats s = FeatureStats.empty(3, 2, 2, true);
    assertThat(LogMe.finish(s, List.of("a", "b")).status().text()).isEqualTo("empty: no records");
    assertThat(Gbc.finish(s, List.of("a", "b")).value()).isNull();
  }

  @Test
  void rejectsWrongFeatureCountAndShapes() {
    FeatureStats s = FeatureStats.empty(3, 1, 0, true);
    assertThatThrownBy(() -> s.add(new float[2], new double[0], new int[0], 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot add a record: 2 features, expected 3");
    assertThatThrownBy(() -> s.merge(FeatureStats.empty(4, 1, 0, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot merge feature statistics of different shapes: D=3/4");
  }

  @Test
  void floatAndDoubleFeaturesAgree() {
    FeatureStats a = FeatureStats.empty(2, 1, 0, true);
    FeatureStats b = FeatureStats.empty(2, 1, 0, true);
    a.add(new float[] {1.5f, -2f}, new double[0], new int[] {0}, 0, 1);
    b.add(new double[] {1.5, -2}, new double[0], new int[] {0}, 0, 1);
    assertThat(a.gram(0, 1)).isEqualTo(b.gram(0, 1)).isEqualTo(-3.0);
    assertThat(a.posSum(0, 1)).isEqualTo(-2.0);
  }

  @Test
  void metricsParseAndStateTheirDirection() {
    assertThat(Metric.parseAll(List.of("melep", "LogME", "melep", "gbc")))
        .containsExactly(Metric.MELEP, Metric.LOGME, Metric.GBC);
    assertThat(Metric.MELEP.higherIsBetter()).isFalse();
    assertThat(Metric.NCE.needsFeatures()).isFalse();
    assertThat(Metric.GBC.needsGram()).isFalse();
    assertThatThrownBy(() -> Metric.parse("leep"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot parse metric: expected one of melep, logme, hscore, hscore-lw, nce, gbc: leep");
  }
}
