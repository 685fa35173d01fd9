package org.melep.score;

/**
 * A group state bean whose parts are sums (the joint counts of pass 1, the phi sums of pass 2):
 * what the driver can merge in place, many tasks' partial states into the first one's own arrays,
 * without the new arrays of an {@link org.apache.spark.sql.expressions.Aggregator} merge.
 */
public abstract class SummedStateBuffer extends GroupStateBuffer {
  private static final long serialVersionUID = 1L;

  /**
   * Rounding errors of the cells while this bean is merged in place ({@link #mergeInPlace}); null
   * otherwise. Not part of the bean (no getter) nor of its serialized form.
   */
  private transient double[] compensation;

  /** The group's sums (the bean's own array, not a copy): what {@link #mergeInPlace} adds up. */
  abstract double[] cells();

  /** Adds {@code other}'s counts other than {@link #cells} and n (e.g. positives) into this one. */
  void mergeCounts(SummedStateBuffer other) {}

  /**
   * Adds {@code other} (the same group and shape) into this bean's own arrays, the cells by a
   * compensated sum (a two-sum per cell, the errors kept apart until {@link #finishMerge}). A sum
   * that is not finite (a logarithm of 0 in pass 2) stays as it is, as in the aggregators.
   */
  final void mergeInPlace(SummedStateBuffer other) {
    if (!other.isShaped()) {
      return;
    }
    if (other.getTargetLabels() != getTargetLabels()
        || other.getSourceLabels() != getSourceLabels()
        || other.getFoldIndex() != getFoldIndex()
        || other.getCheckpointIndex() != getCheckpointIndex()) {
      throw new IllegalArgumentException(
          "Cannot merge the states of " + describe() + " and " + other.describe());
    }
    double[] sum = cells();
    double[] add = other.cells();
    if (compensation == null) {
      compensation = new double[sum.length];
    }
    double[] comp = compensation;
    for (int k = 0; k < sum.length; k++) {
      double a = sum[k];
      double b = add[k];
      double t = a + b;
      double bb = t - a;
      double err = (a - (t - bb)) + (b - bb);
      sum[k] = t;
      comp[k] = Double.isFinite(t) ? comp[k] + err : 0.0;
    }
    setN(getN() + other.getN());
    mergeCounts(other);
  }

  /** Folds the errors {@link #mergeInPlace} kept into the cells; a no-op when nothing merged. */
  final void finishMerge() {
    double[] comp = compensation;
    if (comp == null) {
      return;
    }
    double[] sum = cells();
    for (int k = 0; k < sum.length; k++) {
      if (Double.isFinite(sum[k])) {
        sum[k] += comp[k];
      }
    }
    compensation = null;
  }

  private String describe() {
    return "group (fold #"
        + getFoldIndex()
        + ", checkpoint #"
        + getCheckpointIndex()
        + ", Y="
        + getTargetLabels()
        + ", Z="
        + getSourceLabels()
        + ")";
  }
}
