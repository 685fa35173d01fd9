package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.melep.inference.PredictOptions;
import org.melep.inference.RunnerOptions;
import org.melep.melep.Weighting;

class TestScoreOptions {

  @Test
  void defaultsAreTheDocumentedOnes() {
    ScoreOptions d = ScoreOptions.DEFAULTS;
    assertThat(d.split()).isEqualTo("train");
    assertThat(d.weightings()).containsExactly(Weighting.CODE);
    assertThat(d.ranking()).isEqualTo(Weighting.CODE);
    assertThat(d.allowMissing()).isFalse();
    assertThat(d.labelsColumn()).isEqualTo("labels");
    assertThat(d.targetLabels()).isEmpty();
    assertThat(d.sourceLabels()).isEmpty();
    assertThat(PredictOptions.DEFAULTS.batchSize()).isEqualTo(32);
    assertThat(PredictOptions.DEFAULTS.runner()).isEqualTo(RunnerOptions.auto());
    assertThat(PredictOptions.DEFAULTS.partitions()).isZero();
  }

  @Test
  void eachWitherChangesOneOptionOnly() {
    ScoreOptions o =
        ScoreOptions.DEFAULTS
            .withSplit("all")
            .withWeightings(List.of(Weighting.PAPER, Weighting.CODE))
            .withAllowMissing(true)
            .withLabelsColumn("dx")
            .withTargetLabels(List.of("AF", "NORM"))
            .withSourceLabels(Map.of("m", List.of("a", "b")));
    assertThat(o)
        .isEqualTo(
            new ScoreOptions(
                "all",
                List.of(Weighting.PAPER, Weighting.CODE),
                true,
                "dx",
                List.of("AF", "NORM"),
                Map.of("m", List.of("a", "b"))));
    assertThat(o.ranking()).isEqualTo(Weighting.PAPER);
    assertThat(o.withSplit("test").weightings()).isEqualTo(o.weightings());
  }

  @Test
  void everyWrongOptionFailsWhenMadeWithOneLine() {
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withSplit("trian"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot score split trian: expected train, test or all");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withSplit(null))
        .hasMessageContaining("split null");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withWeightings(List.of()))
        .hasMessage("Cannot score: no weighting chosen");
    assertThatThrownBy(
            () -> ScoreOptions.DEFAULTS.withWeightings(List.of(Weighting.CODE, Weighting.CODE)))
        .hasMessage("Cannot score: weighting code is given twice");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withLabelsColumn(" "))
        .hasMessage("Cannot score: --labels-column needs a column name: ' '");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withTargetLabels(List.of("AF", "AF")))
        .hasMessage("Cannot score: --target-labels names AF twice");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withTargetLabels(List.of("record_id")))
        .hasMessage("Cannot score: --target-labels names record_id, which is no label");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withTargetLabels(List.of("")))
        .hasMessage("Cannot score: --target-labels needs a column name: ''");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withSourceLabels(Map.of("m", List.of())))
        .hasMessage("Cannot score: the source labels of checkpoint m are empty");
    assertThatThrownBy(() -> ScoreOptions.DEFAULTS.withSourceLabels(Map.of("m", List.of("a", "a"))))
        .hasMessage("Cannot score: the source labels of checkpoint m repeat a label: [a, a]");
    assertThatThrownBy(() -> PredictOptions.DEFAULTS.withBatchSize(0))
        .hasMessage("Cannot run inference: --batch-size must be >= 1: 0");
    assertThatThrownBy(() -> PredictOptions.DEFAULTS.withPartitions(-1))
        .hasMessage("Cannot run inference: --partitions must be >= 0: -1");
    assertThatThrownBy(() -> PredictOptions.DEFAULTS.withRunner(null))
        .hasMessage("Cannot run inference: no runner options (device, threads)");
  }

  @Test
  void theJobsSettersCheckLikeTheOptions() {
    ScoreJob job = ScoreJob.on(null);
    assertThatThrownBy(() -> job.split("tset"))
        .hasMessage("Cannot score split tset: expected train, test or all");
    assertThatThrownBy(() -> job.weightings(List.of()))
        .hasMessage("Cannot score: no weighting chosen");
    assertThatThrownBy(() -> job.labelsColumn("")).hasMessageContaining("--labels-column");
    assertThatThrownBy(() -> job.targetLabels(List.of("x", "x")))
        .hasMessageContaining("names x twice");
    assertThatThrownBy(() -> org.melep.inference.PredictJob.on(null).batchSize(0))
        .hasMessage("Cannot run inference: --batch-size must be >= 1: 0");
  }
}
