package org.melep.inference;

/**
 * How to run inference: the options {@link PredictJob} and the pipeline share, with their defaults
 * in one place ({@link #DEFAULTS}), each checked when the options are made.
 *
 * @param batchSize records per model call, at least 1
 * @param runner the device and threads of the executors' model runners
 * @param partitions repartition each checkpoint's input rows into this many tasks (0: keep the
 *     corpus's)
 */
public record PredictOptions(int batchSize, RunnerOptions runner, int partitions) {
  public static final int DEFAULT_BATCH_SIZE = 32;
  public static final PredictOptions DEFAULTS =
      new PredictOptions(DEFAULT_BATCH_SIZE, RunnerOptions.auto(), 0);

  public PredictOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "Cannot run inference: --batch-size must be >= 1: " + batchSize);
    }
    if (runner == null) {
      throw new IllegalArgumentException(
          "Cannot run inference: no runner options (device, threads)");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException(
          "Cannot run inference: --partitions must be >= 0: " + partitions);
    }
  }

  public PredictOptions withBatchSize(int value) {
    return new PredictOptions(value, runner, partitions);
  }

  public PredictOptions withRunner(RunnerOptions value) {
    return new PredictOptions(batchSize, value, partitions);
  }

  public PredictOptions withPartitions(int value) {
    return new PredictOptions(batchSize, runner, value);
  }
}
