package org.melep.report.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every expected value below was computed independently with scipy 1.17.1 / numpy (the script's
 * calls are quoted), not with this code.
 */
class TestCorrelations {
  // scipy.stats docs example (kendalltau, weightedtau)
  static final double[] XA = {12, 2, 1, 12, 2};
  static final double[] YA = {1, 4, 7, 1, 0};
  // scipy.stats.pearsonr docs example
  static final double[] XB = {1, 2, 3, 4, 5, 6, 7};
  static final double[] YB = {10, 9, 2.5, 6, 4, 3, 2};
  // ties in both variables
  static final double[] XC = {0.3, 0.1, 0.5, 0.5, 0.9, 0.2, 0.7, 0.7, 0.4, 0.8, 0.6, 0.05};
  static final double[] YC = {3.0, 1.0, 2.0, 5.0, 6.0, 1.0, 4.0, 4.0, 2.5, 7.0, 3.0, 0.5};
  // weightedtau(xa, ya, rank=False)
  static final double RANK_FALSE = -0.5160439794026185;
  static final double[] ZC = {1.0, 0.0, 2.0, 1.5, 3.0, 0.5, 2.0, 2.5, 1.0, 3.5, 1.0, 0.0};

  @Test
  void pearsonWithFisherIntervalAndPValueMatchScipy() {
    // r = pearsonr(xb, yb); r.statistic, r.pvalue, r.confidence_interval()
    CorrelationResult b = PearsonMoments.of(XB, YB).finish();
    assertThat(b.n()).isEqualTo(7);
    assertThat(b.r()).isCloseTo(-0.8285038835884277, within(1e-13));
    assertThat(b.p()).isCloseTo(0.021280260007523342, within(1e-10));
    assertThat(b.lower()).isCloseTo(-0.9739212552869811, within(1e-9));
    assertThat(b.upper()).isCloseTo(-0.20060647400568454, within(1e-9));
    CorrelationResult c = PearsonMoments.of(XC, YC).finish();
    assertThat(c.r()).isCloseTo(0.8785476802406912, within(1e-13));
    assertThat(c.p()).isCloseTo(0.00016915316944168539, within(1e-11));
    assertThat(c.lower()).isCloseTo(0.6144534547538775, within(1e-9));
    assertThat(c.upper()).isCloseTo(0.9655959052522145, within(1e-9));
  }

  @Test
  void pearsonStatesMergeLikeTheUnionAndResistLargeOffsets() {
    Random random = new Random(3);
    double[] x = new double[200];
    double[] y = new double[200];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1e6 + random.nextGaussian();
      y[i] = -1e6 + 0.5 * (x[i] - 1e6) + random.nextGaussian();
    }
    PearsonMoments left = PearsonMoments.EMPTY;
    PearsonMoments right = PearsonMoments.EMPTY;
    for (int i = 0; i < x.length; i++) {
      if (i % 3 == 0) {
        left = left.add(x[i], y[i]);
      } else {
        right = right.add(x[i], y[i]);
      }
    }
    double whole = PearsonMoments.of(x, y).finish().r();
    assertThat(left.sum(right).finish().r()).isCloseTo(whole, within(1e-9));
    assertThat(right.sum(left).finish().r()).isCloseTo(whole, within(1e-9));
    assertThat(PearsonMoments.EMPTY.sum(left)).isEqualTo(left);
    // the textbook two-pass formula loses digits to the 1e6 offset; the centred data does not
    double[] xc = new double[x.length];
    double[] yc = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      xc[i] = x[i] - 1e6;
      yc[i] = y[i] + 1e6;
    }
    assertThat(whole).isCloseTo(naivePearson(xc, yc), within(1e-9));
  }

  @Test
  void undefinedCorrelationsSayWhy() {
    assertThat(PearsonMoments.of(new double[] {1}, new double[] {2}).finish().why())
        .isEqualTo("fewer than 2 pairs");
    CorrelationResult constant =
        PearsonMoments.of(new double[] {1, 1, 1}, new double[] {1, 2, 3}).finish();
    assertThat(constant.r()).isNaN();
    assertThat(constant.why()).isEqualTo("a constant variable");
    assertThat(RankCorrelations.kendallTauB(new double[] {1, 1}, new double[] {1, 2})).isNaN();
    assertThatThrownBy(() -> PearsonMoments.of(new double[] {1}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot correlate: the samples differ in length: 1 and 2");
    assertThatThrownBy(
            () -> RankCorrelations.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot compute ranks: value #1 is NaN");
  }

  @Test
  void spearmanMatchesScipyWithTies() {
    // spearmanr(xa, ya), spearmanr(xc, yc)
    CorrelationResult a = RankCorrelations.spearman(XA, YA);
    assertThat(a.r()).isCloseTo(-0.5407380704358752, within(1e-13));
    assertThat(a.p()).isCloseTo(0.3467146139768868, within(1e-10));
    CorrelationResult c = RankCorrelations.spearman(XC, YC);
    assertThat(c.r()).isCloseTo(0.8888902713482616, within(1e-13));
    assertThat(c.p()).isCloseTo(0.00011036782105781897, within(1e-11));
    assertThat(Ranks.average(new double[] {3, 1, 3, 2})).containsExactly(3.5, 1, 3.5, 2);
  }

  @Test
  void kendallTauBMatchesScipyWithTies() {
    // kendalltau(xa, ya), kendalltau(xc, yc)
    assertThat(RankCorrelations.kendallTauB(XA, YA)).isCloseTo(-0.4714045207910316, within(1e-14));
    assertThat(RankCorrelations.kendallTauB(XC, YC)).isCloseTo(0.7559289460184544, within(1e-14));
  }

  @Test
  void weightedTauMatchesScipyDefault() {
    // weightedtau(xa, ya), weightedtau(xc, yc), weightedtau(xc, -yc), weightedtau(xa, ya,
    // rank=None)
    assertThat(RankCorrelations.weightedTau(XA, YA)).isCloseTo(-0.5669496815368272, within(1e-14));
    assertThat(RankCorrelations.weightedTau(XC, YC)).isCloseTo(0.7632710383866891, within(1e-14));
    double[] negated = new double[YC.length];
    for (int i = 0; i < YC.length; i++) {
      negated[i] = -YC[i];
    }
    // not symmetric: the weights follow the ranking, top elements weigh most
    assertThat(RankCorrelations.weightedTau(XC, negated))
        .isCloseTo(-0.8143152037541168, within(1e-14));
    // rank=None: the single ranking by (x, then y); rank=False: the element index is its rank
    assertThat(RankCorrelations.weightedTau(XA, YA, RankCorrelations.descendingRank(XA, YA)))
        .isCloseTo(-0.4157652301037516, within(1e-14));
    assertThat(RankCorrelations.weightedTau(XA, YA, new int[] {0, 1, 2, 3, 4}))
        .isCloseTo(RANK_FALSE, within(1e-14));
  }

  @Test
  void partialCorrelationEqualsTheCorrelationOfRegressionResiduals() {
    // numpy: corrcoef(resid(xc, zc), resid(yc, zc)) with resid = lstsq on [1, z]
    CorrelationResult p = PartialCorrelation.of(XC, YC, ZC);
    assertThat(p.r()).isCloseTo(0.31576878931920827, within(1e-12));
    assertThat(p.r()).isCloseTo(naivePearson(residual(XC, ZC), residual(YC, ZC)), within(1e-12));
    // one covariate: df = n - 3, Fisher se = 1 / sqrt(n - 4)
    assertThat(p.p()).isCloseTo(CorrelationResult.tTestP(p.r(), XC.length - 3), within(1e-15));
    assertThat(p.lower())
        .isCloseTo(
            Math.tanh(atanh(p.r()) - 1.959963984540054 / Math.sqrt(XC.length - 4)), within(1e-12));
    // a covariate that is x itself leaves nothing to correlate
    assertThat(PartialCorrelation.of(XC, YC, XC).r()).isNaN();
  }

  @Test
  void residualsRemoveFoldAndCheckpointMeans() {
    // additive table: fold effect + checkpoint effect leaves exactly zero residuals
    var cells = new java.util.ArrayList<TwoWayResiduals.Cell>();
    double[] fold = {0.1, 0.5, 0.9};
    double[] ckpt = {1, 2};
    for (int f = 0; f < 3; f++) {
      for (int c = 0; c < 2; c++) {
        cells.add(new TwoWayResiduals.Cell("f" + f, "c" + c, fold[f] + ckpt[c]));
      }
    }
    assertThat(TwoWayResiduals.of(cells)).containsExactly(new double[6], within(1e-12));
    // one interaction term on a 2x2 table: residuals +-d/4 (hand computed)
    var two =
        java.util.List.of(
            new TwoWayResiduals.Cell("a", "x", 1), new TwoWayResiduals.Cell("a", "y", 0),
            new TwoWayResiduals.Cell("b", "x", 0), new TwoWayResiduals.Cell("b", "y", 0));
    assertThat(TwoWayResiduals.of(two)).containsExactly(0.25, -0.25, -0.25, 0.25);
  }

  static double atanh(double r) {
    return 0.5 * Math.log((1 + r) / (1 - r));
  }

  /** Textbook two-pass formula, no shared code. */
  static double naivePearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  /** Residual of a least-squares line a ~ 1 + z. */
  static double[] residual(double[] a, double[] z) {
    int n = a.length;
    double mz = 0;
    double ma = 0;
    for (int i = 0; i < n; i++) {
      mz += z[i] / n;
      ma += a[i] / n;
    }
    double szz = 0;
    double sza = 0;
    for (int i = 0; i < n; i++) {
      szz += (z[i] - mz) * (z[i] - mz);
      sza += (z[i] - mz) * (a[i] - ma);
    }
    double slope = sza / szz;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[i] - ma - slope * (z[i] - mz);
    }
    return out;
  }
}
