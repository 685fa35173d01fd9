package org.melep.cli;

import org.melep.train.TrainSettings;
import picocli.CommandLine;

/**
 * Optimiser options shared by {@code train pretrain} and {@code train finetune} (paper defaults).
 */
public class TrainOptions {
  @CommandLine.Option(
      names = "--epochs",
      defaultValue = "50",
      description = "Epochs (default ${DEFAULT-VALUE}, the paper's).")
  int epochs;

  @CommandLine.Option(
      names = "--batch-size",
      defaultValue = "256",
      description = "Mini-batch size (default ${DEFAULT-VALUE}, the paper's).")
  int batchSize;

  @CommandLine.Option(
      names = "--lr",
      defaultValue = "0.01",
      description = "Adam learning rate (default ${DEFAULT-VALUE}, the paper's).")
  double learningRate;

  @CommandLine.Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of weights, splits and batch order (default ${DEFAULT-VALUE}).")
  long seed;

  @CommandLine.Option(
      names = "--threads",
      defaultValue = "0",
      description = "PyTorch threads per task; 0 = spark.task.cpus (default).")
  int threads;

  @CommandLine.Option(
      names = "--validation-fraction",
      defaultValue = "0.2",
      description =
          "Share of a fold's train split held out for the validation epoch rule (default ${DEFAULT-VALUE}).")
  double validationFraction;

  TrainSettings settings(org.apache.spark.sql.SparkSession spark) {
    int t = threads > 0 ? threads : Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
    try {
      return new TrainSettings(learningRate, epochs, batchSize, seed, t, validationFraction);
    } catch (IllegalArgumentException e) {
      throw new ExitException(BaseCommand.EXIT_INVALID_INPUT, e.getMessage(), e);
    }
  }
}
