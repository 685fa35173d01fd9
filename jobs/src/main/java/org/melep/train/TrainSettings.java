package org.melep.train;

import java.io.Serializable;

/**
 * Optimiser settings of one training run; the defaults are the paper's (Adam, learning rate 0.01,
 * 50 epochs, batch 256).
 *
 * @param threads PyTorch intra-op threads per task (set on each training thread)
 * @param validationFraction share of the training split held out for the validation epoch rule
 */
public record TrainSettings(
    double learningRate,
    int epochs,
    int batchSize,
    long seed,
    int threads,
    double validationFraction)
    implements Serializable {

  public static final double LEARNING_RATE = 0.01;
  public static final int EPOCHS = 50;
  public static final int BATCH_SIZE = 256;
  public static final double VALIDATION_FRACTION = 0.2;

  public TrainSettings {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "Cannot train: learning rate must be positive: " + learningRate);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("Cannot train: epochs must be >= 1: " + epochs);
    }
    if (batchSize < 2) {
      throw new IllegalArgumentException("Cannot train: batch size must be >= 2: " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("Cannot train: threads must be >= 1: " + threads);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "Cannot train: validation fraction must be in (0, 1): " + validationFraction);
    }
  }

  public static TrainSettings paper() {
    return new TrainSettings(LEARNING_RATE, EPOCHS, BATCH_SIZE, 1, 1, VALIDATION_FRACTION);
  }

  public TrainSettings withEpochs(int value) {
    return new TrainSettings(learningRate, value, batchSize, seed, threads, validationFraction);
  }

  public TrainSettings withSeed(long value) {
    return new TrainSettings(learningRate, epochs, batchSize, value, threads, validationFraction);
  }

  public TrainSettings withBatchSize(int value) {
    return new TrainSettings(learningRate, epochs, value, seed, threads, validationFraction);
  }

  public TrainSettings withThreads(int value) {
    return new TrainSettings(learningRate, epochs, batchSize, seed, value, validationFraction);
  }

  public TrainSettings withLearningRate(double value) {
    return new TrainSettings(value, epochs, batchSize, seed, threads, validationFraction);
  }
}
