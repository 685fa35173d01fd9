package org.melep.train;

import java.io.Serializable;

/**
 * Multi-label scores of one evaluation: weighted F1 at threshold 0.5 (label weights = the label's
 * positive fraction in the training split, normalised to sum 1), macro F1, mean AUROC over the
 * labels with both classes present (NaN when none has), and per-label F1. A label with no predicted
 * and no true positives has F1 0, as the authors' code.
 */
public record EvalMetrics(double weightedF1, double macroF1, double meanAuroc, double[] perLabelF1)
    implements Serializable {

  /**
   * @param logits {@code n x labels}, row-major; a logit above 0 is a positive prediction
   * @param targets {@code n x labels}, 1 for positive
   * @param trainPrevalence per label, the positive fraction in the training split (the weights)
   */
  public static EvalMetrics of(float[] logits, float[] targets, int n, double[] trainPrevalence) {
    int labels = trainPrevalence.length;
    if (logits.length < (long) n * labels || targets.length < (long) n * labels) {
      throw new IllegalArgumentException(
          "Cannot score: " + n + " x " + labels + " values needed, got " + logits.length);
    }
    double[] f1 = new double[labels];
    double weighted = 0;
    double weights = 0;
    double macro = 0;
    double aurocSum = 0;
    int aurocs = 0;
    float[] scores = new float[n];
    boolean[] truth = new boolean[n];
    for (int l = 0; l < labels; l++) {
      long tp = 0;
      long fp = 0;
      long fn = 0;
      for (int i = 0; i < n; i++) {
        float z = logits[i * labels + l];
        boolean t = targets[i * labels + l] > 0.5f;
        boolean p = z > 0f;
        if (p && t) {
          tp++;
        } else if (p) {
          fp++;
        } else if (t) {
          fn++;
        }
        scores[i] = z;
        truth[i] = t;
      }
      f1[l] = tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
      macro += f1[l];
      weighted += trainPrevalence[l] * f1[l];
      weights += trainPrevalence[l];
      double auc = Auroc.of(scores, truth, n);
      if (!Double.isNaN(auc)) {
        aurocSum += auc;
        aurocs++;
      }
    }
    return new EvalMetrics(
        weights > 0 ? weighted / weights : Double.NaN,
        labels > 0 ? macro / labels : Double.NaN,
        aurocs > 0 ? aurocSum / aurocs : Double.NaN,
        f1);
  }

  /** Per label, the positive fraction of the targets ({@code n x labels}). */
  public static double[] prevalence(float[] targets, int n, int labels) {
    double[] p = new double[labels];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < labels; l++) {
        p[l] += targets[i * labels + l] > 0.5f ? 1 : 0;
      }
    }
    for (int l = 0; l < labels; l++) {
      p[l] = n > 0 ? p[l] / n : 0;
    }
    return p;
  }
}
