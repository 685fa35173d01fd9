package org.melep.train;

/**
 * Decoded training examples: {@code n} inputs of {@code recordSize} floats and {@code n x labels}
 * 0/1 targets, row-major, in a fixed record order.
 */
public record Examples(float[] x, float[] y, int n, int recordSize, int labels) {

  public Examples {
    if ((long) n * recordSize > x.length || (long) n * labels > y.length) {
      throw new IllegalArgumentException(
          "Cannot hold examples: " + n + " records need more values than given");
    }
  }

  /** The examples at {@code idx}, in that order. */
  public Examples subset(int[] idx) {
    float[] xs = new float[idx.length * recordSize];
    float[] ys = new float[idx.length * labels];
    for (int k = 0; k < idx.length; k++) {
      System.arraycopy(x, idx[k] * recordSize, xs, k * recordSize, recordSize);
      System.arraycopy(y, idx[k] * labels, ys, k * labels, labels);
    }
    return new Examples(xs, ys, idx.length, recordSize, labels);
  }

  public double[] prevalence() {
    return EvalMetrics.prevalence(y, n, labels);
  }
}
