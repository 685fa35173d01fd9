package org.melep.inference;

/**
 * A loaded model that maps a batch of records to one output row per record. Implementations are
 * thread-safe for {@link #run} (one runner is shared by the tasks of an executor through {@link
 * ModelCache}) and must be closed.
 */
public interface ModelRunner extends AutoCloseable {

  /** Shape of one record as the model takes it, without the batch dimension. */
  long[] recordShape();

  /** Values per output row (the number of source labels). */
  int outputs();

  /**
   * Runs the first {@code n} records of {@code input} (row-major, {@code n x recordShape}) and
   * returns {@code n x outputs()} values.
   */
  float[] run(float[] input, int n);

  /**
   * Values per record of the feature output ({@code features} of the zoo entry); 0 when there is
   * none.
   */
  default int featureCount() {
    return 0;
  }

  /**
   * Runs the first {@code n} records like {@link #run} and returns {@code {outputs, features}}:
   * {@code n x outputs()} and {@code n x featureCount()} values, from one pass of the model.
   */
  default float[][] runWithFeatures(float[] input, int n) {
    throw new UnsupportedOperationException(describe() + " has no feature output");
  }

  /** Engine and device, for logs and {@code zoo verify}: e.g. {@code onnxruntime CPU x2}. */
  String describe();

  @Override
  void close();

  /** Values per record: the product of {@link #recordShape()}. */
  default int recordSize() {
    long n = 1;
    for (long d : recordShape()) {
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
