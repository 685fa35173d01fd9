package org.melep.pipeline;

import java.util.List;
import java.util.Map;
import org.melep.score.ScoreSummary;

/**
 * What a {@code melep score --corpus ...} run did, written as {@code summary.json}.
 *
 * @param checkpoints checkpoints of the zoo
 * @param skipped checkpoints left out of this run, with the reason (failed verification)
 * @param inferred prediction rows computed by this run, per checkpoint
 * @param reused prediction rows taken from the predictions table, per checkpoint
 * @param invalidated prediction rows dropped because the checkpoint's sha256 changed
 * @param predictionsTable where the predictions are kept between runs
 * @param score the scoring summary (groups, degenerate folds, records not scored)
 * @param secondsPerStage wall time of each stage of the whole run
 * @param metricFailures checkpoints some chosen metrics other than MELEP failed for, with the
 *     metrics and the status their groups carry (a checkpoint with more features than a Gram-matrix
 *     state allows: {@code logme,hscore failed: features D > limit L: ...}); the checkpoint's other
 *     metrics were scored
 */
public record PipelineSummary(
    List<String> checkpoints,
    List<SkippedCheckpoint> skipped,
    Map<String, Long> inferred,
    Map<String, Long> reused,
    Map<String, Long> invalidated,
    String predictionsTable,
    ScoreSummary score,
    Map<String, Double> secondsPerStage,
    Map<String, String> metricFailures) {

  public PipelineSummary {
    metricFailures = Map.copyOf(metricFailures);
  }

  /** A run without feature-metric failures. */
  public PipelineSummary(
      List<String> checkpoints,
      List<SkippedCheckpoint> skipped,
      Map<String, Long> inferred,
      Map<String, Long> reused,
      Map<String, Long> invalidated,
      String predictionsTable,
      ScoreSummary score,
      Map<String, Double> secondsPerStage) {
    this(
        checkpoints,
        skipped,
        inferred,
        reused,
        invalidated,
        predictionsTable,
        score,
        secondsPerStage,
        Map.of());
  }

  /** A checkpoint left out of the run and why. */
  public record SkippedCheckpoint(String checkpoint, String reason) {}
}
