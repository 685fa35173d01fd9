package org.melep.train;

import java.io.Serializable;
import java.util.List;

/**
 * What a pretraining task returns: the kept (best test weighted F1) epoch's weights as DJL
 * parameters and as ONNX, its test metrics and the curve; or the reason it failed.
 */
public record PretrainOutcome(
    PretrainTask task,
    String device,
    int nTrain,
    int nTest,
    String split,
    int bestEpoch,
    EvalMetrics test,
    double priorBaselineF1,
    List<EpochPoint> curve,
    byte[] parameters,
    byte[] onnx,
    String error)
    implements Serializable {

  public boolean ok() {
    return error == null;
  }

  static PretrainOutcome failed(PretrainTask task, String device, String error) {
    return new PretrainOutcome(
        task, device, 0, 0, null, 0, null, Double.NaN, List.of(), null, null, error);
  }
}
