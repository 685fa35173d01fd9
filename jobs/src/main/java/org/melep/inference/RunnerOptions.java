package org.melep.inference;

import java.io.Serializable;

/**
 * How to run models in one executor JVM: the device ({@link Device#AUTO} uses the GPU Spark
 * assigned to the task, if any) and intra-op threads per running task ({@code 0}: from the task).
 * Spark runs {@code executor cores / spark.task.cpus} tasks at once, so threads default to {@code
 * spark.task.cpus}: task slots times threads then equals the executor's cores.
 *
 * @param gpu the GPU ordinal to use, or {@code -1} for none
 */
public record RunnerOptions(Device device, int threads, int gpu) implements Serializable {

  /** Where to run ONNX models. DJL runs on the CPU engine (pytorch-native-cpu) here. */
  public enum Device {
    /** CUDA on the task's GPU when Spark assigned one, else CPU. */
    AUTO,
    /** CPU only. */
    CPU,
    /** CUDA on the task's GPU (or GPU 0), falling back to CPU with one log line per JVM. */
    CUDA
  }

  public RunnerOptions {
    if (threads < 0) {
      throw new IllegalArgumentException("Cannot run models: threads must be >= 0: " + threads);
    }
  }

  /** Threads from {@code spark.task.cpus} and the task's GPU, decided on the executor. */
  public static RunnerOptions auto() {
    return new RunnerOptions(Device.AUTO, 0, -1);
  }

  public RunnerOptions withDevice(Device d) {
    return new RunnerOptions(d, threads, gpu);
  }

  public RunnerOptions withThreads(int n) {
    return new RunnerOptions(device, n, gpu);
  }

  /** Fills what was left to the task: threads (0 = the task's CPUs) and the assigned GPU. */
  public RunnerOptions forTask(int taskCpus, int assignedGpu) {
    return new RunnerOptions(
        device, threads > 0 ? threads : Math.max(1, taskCpus), gpu >= 0 ? gpu : assignedGpu);
  }

  public static RunnerOptions cpu(int threads) {
    return new RunnerOptions(Device.CPU, threads, -1);
  }

  /** A device from its command-line name: {@code auto}, {@code cpu} or {@code cuda}. */
  public static Device parseDevice(String name) {
    try {
      return Device.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot run models: --device must be auto, cpu or cuda: " + name);
    }
  }

  public RunnerOptions withGpu(int ordinal) {
    return new RunnerOptions(device, threads, ordinal);
  }

  /** Whether to try the CUDA execution provider, and on which GPU. */
  boolean wantsCuda() {
    return device == Device.CUDA || (device == Device.AUTO && gpu >= 0);
  }

  /** Cache key part: runners built with different options are different entries. */
  String key() {
    return device + "/" + threads + "/" + gpu;
  }
}
