package org.melep.train;

import java.io.Serializable;
import java.util.List;
import org.melep.status.Status;

/**
 * What a fine-tuning task returns: test metrics at the epoch each rule picks, and the curve; or the
 * reason it failed.
 *
 * @param paper test metrics at the epoch with the best test weighted F1 (optimistic)
 * @param validation test metrics at the epoch with the best validation weighted F1
 */
public record FinetuneOutcome(
    FinetuneTask task,
    String device,
    long nTrain,
    long nTest,
    int paperEpoch,
    EvalMetrics paper,
    int validationEpoch,
    EvalMetrics validation,
    List<EpochPoint> curve,
    String error)
    implements Serializable {

  public boolean ok() {
    return error == null;
  }

  /** {@link Status.Ok}, or {@link Status.Failed} with the error. */
  public Status status() {
    return error == null ? Status.ok() : new Status.Failed(error);
  }

  static FinetuneOutcome failed(FinetuneTask task, String device, String error) {
    return new FinetuneOutcome(task, device, 0, 0, 0, null, 0, null, List.of(), error);
  }
}
