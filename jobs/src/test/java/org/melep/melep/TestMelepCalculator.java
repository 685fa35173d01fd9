package org.melep.melep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestMelepCalculator {

  private static void assertRelativelyClose(double actual, double expected) {
    assertThat(Math.abs(actual - expected))
        .isLessThanOrEqualTo(1e-12 * Math.abs(expected) + 1e-300);
  }

  @ParameterizedTest
  @EnumSource(Weighting.class)
  void matchesThePlainTripleLoop(Weighting weighting) {
    for (long seed = 1; seed <= 5; seed++) {
      RandomTask task =
          RandomTask.of(seed, 300 + (int) seed * 37, 2 + (int) seed, 5 + 3 * (int) seed);
      MelepResult r =
          MelepCalculator.compute(task.labels(), task.theta(), task.targets(), weighting);
      assertThat(r.status().text()).isEqualTo("ok");
      assertRelativelyClose(
          r.melep(), PlainLoopMelep.melep(task.theta(), task.targets(), weighting));
      double[] m = PlainLoopMelep.perLabel(PlainLoopMelep.phi(task.theta(), task.targets()));
      for (int y = 0; y < m.length; y++) {
        assertRelativelyClose(r.perLabel()[y], m[y]);
      }
    }
  }

  @Test
  void doesNotDependOnRecordOrder() {
    RandomTask task = RandomTask.of(11, 500, 4, 9);
    double expected =
        MelepCalculator.compute(task.labels(), task.theta(), task.targets(), Weighting.CODE)
            .melep();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(3));
    double[][] theta = new double[500][];
    boolean[][] t = new boolean[500][];
    for (int i = 0; i < 500; i++) {
      theta[i] = task.theta()[order.get(i)];
      t[i] = task.targets()[order.get(i)];
    }
    double shuffled = MelepCalculator.compute(task.labels(), theta, t, Weighting.CODE).melep();
    assertRelativelyClose(shuffled, expected);
  }

  @Test
  void independentPredictionsGiveTheBinaryEntropyOfThePrevalence() {
    Random r = new Random(5);
    int n = 20000;
    double prevalence = 0.3;
    double[][] theta = new double[n][4];
    boolean[][] t = new boolean[n][1];
    for (int i = 0; i < n; i++) {
      t[i][0] = r.nextDouble() < prevalence;
      for (int z = 0; z < 4; z++) {
        theta[i][z] = r.nextDouble();
      }
    }
    MelepResult res = MelepCalculator.compute(List.of("A"), theta, t, Weighting.UNIFORM);
    long pos = res.positives()[0];
    double p = (double) pos / n;
    double entropy = -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    assertThat(entropy).isCloseTo(0.611, within(0.01));
    // never above the entropy, and only slightly below it (sampling noise)
    assertThat(res.perLabel()[0])
        .isLessThanOrEqualTo(entropy + 1e-12)
        .isGreaterThan(entropy - 0.005);
  }

  @Test
  void aSourceLabelThatCopiesTheTargetDrivesPhiToZero() {
    RandomTask task = RandomTask.of(2, 400, 1, 1);
    double[][] exact = new double[400][1];
    double[][] near = new double[400][1];
    for (int i = 0; i < 400; i++) {
      boolean t = task.targets()[i][0];
      exact[i][0] = t ? 1.0 : 0.0;
      near[i][0] = t ? 0.999 : 0.001;
    }
    assertThat(MelepCalculator.compute(List.of("A"), exact, task.targets(), Weighting.CODE).melep())
        .isEqualTo(0.0);
    assertThat(MelepCalculator.compute(List.of("A"), near, task.targets(), Weighting.CODE).melep())
        .isBetween(0.0, 0.01);
  }

  @Test
  void aLabelWithoutPositivesIsDegenerateAndNamed() {
    double[][] theta = {{0.2, 0.4}, {0.7, 0.1}, {0.5, 0.5}};
    boolean[][] t = {{true, false}, {false, false}, {true, false}};
    MelepResult r = MelepCalculator.compute(List.of("AF", "PVC"), theta, t, Weighting.CODE);
    assertThat(r.melep()).isNull();
    assertThat(r.status().text()).isEqualTo("degenerate: no positives for label 'PVC'");
    assertThat(r.status())
        .isEqualTo(
            new org.melep.status.Status.Degenerate(
                org.melep.status.Status.Lack.POSITIVES,
                List.of("PVC"),
                org.melep.status.Status.Wording.MELEP));
    for (double v : r.perLabel()) {
      assertThat(v).isFinite();
    }
  }

  @Test
  void aLabelWithoutNegativesIsDegenerateOnlyForThePaperWeighting() {
    double[][] theta = {{0.2}, {0.7}, {0.5}};
    boolean[][] t = {{true, true}, {false, true}, {true, true}};
    List<String> labels = List.of("AF", "SB");
    assertThat(MelepCalculator.compute(labels, theta, t, Weighting.PAPER).status().text())
        .isEqualTo("degenerate: no negatives for label 'SB'");
    MelepResult code = MelepCalculator.compute(labels, theta, t, Weighting.CODE);
    assertThat(code.status().text()).isEqualTo("ok");
    assertThat(code.melep()).isFinite();
  }

  @Test
  void noRecordsIsDegenerate() {
    MelepResult r =
        MelepCalculator.compute(List.of("AF"), new double[0][], new boolean[0][], Weighting.CODE);
    assertThat(r.status().text()).isEqualTo("degenerate: no records");
    assertThat(r.melep()).isNull();
  }

  @Test
  void hardZeroOneProbabilitiesStayFinite() {
    double[][] theta = {{0.0, 1.0}, {1.0, 0.0}, {0.0, 0.0}, {1.0, 1.0}};
    boolean[][] t = {{true}, {false}, {true}, {false}};
    MelepResult r = MelepCalculator.compute(List.of("A"), theta, t, Weighting.CODE);
    assertThat(r.melep()).isFinite();
    assertRelativelyClose(r.melep(), PlainLoopMelep.melep(theta, t, Weighting.CODE));
  }

  @Test
  void rejectsNaNAndOutOfRangeProbabilitiesNamingTheRecord() {
    double[][] theta = {{0.2}, {Double.NaN}};
    boolean[][] t = {{true}, {false}};
    assertThatThrownBy(() -> MelepCalculator.compute(List.of("A"), theta, t, Weighting.CODE))
        .isInstanceOf(InvalidPredictionException.class)
        .hasMessage(
            "Cannot use predictions of record #1: probability #0 is NaN (must be a number in [0, 1])");
    double[][] big = {{1.5}, {0.1}};
    assertThatThrownBy(() -> MelepCalculator.compute(List.of("A"), big, t, Weighting.CODE))
        .hasMessageContaining("record #0: probability #0 is 1.5");
  }

  @Test
  void sigmoidIsStableForLargeLogits() {
    assertThat(ProbabilityCheck.sigmoid(0)).isEqualTo(0.5);
    assertThat(ProbabilityCheck.sigmoid(-800)).isEqualTo(0.0);
    assertThat(ProbabilityCheck.sigmoid(800)).isEqualTo(1.0);
    assertThat(ProbabilityCheck.sigmoid(-30)).isCloseTo(Math.exp(-30), within(1e-25));
    double[] out = new double[2];
    ProbabilityCheck.logitsToProbabilities(
        new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, 2, out, "x");
    assertThat(out).containsExactly(1.0, 0.0);
    assertThatThrownBy(
            () ->
                ProbabilityCheck.logitsToProbabilities(
                    new double[] {Double.NaN, 0}, 2, out, "checkpoint c, record r"))
        .hasMessage("Cannot use predictions of checkpoint c, record r: logit #0 is NaN");
  }

  @Test
  void weightingsParseByName() {
    assertThat(Weighting.parse("Paper")).isEqualTo(Weighting.PAPER);
    assertThatThrownBy(() -> Weighting.parse("mean"))
        .hasMessage("Cannot parse weighting: expected code, paper or uniform: mean");
  }
}
