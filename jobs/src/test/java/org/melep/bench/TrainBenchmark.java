package org.melep.bench;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.model.DjlBlocks;
import org.melep.train.DjlTrainer;
import org.melep.train.Examples;
import org.melep.train.TrainSettings;

/**
 * Training throughput (forward, backward, Adam step) of each architecture at batch 32 and 256 on
 * this CPU, and the fine-tune grid's wall time on local[2] against running its pairs one after
 * another. Run: {@code scripts/benchmark Train [threads] [archs...]}.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String[] archs =
        args.length > 1
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : new String[] {"resnet1d-small", "bilstm-small", "resnet1d101", "bilstm"};
    System.out.printf("training throughput, %d thread(s), forward + backward + Adam step%n", threads);
    for (String name : archs) {
      for (int batch : new int[] {32, 256}) {
        throughput(name, batch, threads);
      }
    }
  }

  static void throughput(String name, int batch, int threads) {
    Architecture a = Architectures.named(name, 9);
    boolean big = name.equals("resnet1d101") || name.equals("bilstm");
    int n = big ? Math.max(batch, 64) : Math.max(batch * 4, 512);
    int size = a.leads() * a.samples();
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() - 0.5);
    }
    float[] y = new float[n * 9];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextDouble() < 0.2 ? 1 : 0;
    }
    Examples data = new Examples(x, y, n, size, 9);
    TrainSettings s = TrainSettings.paper().withBatchSize(batch).withThreads(threads);
    try (DjlTrainer t = DjlTrainer.network(DjlBlocks.of(a), a.randomWeights(1), Device.cpu(), s)) {
      t.epoch(data.subset(new int[] {0, 1, 2, 3}), 0); // warm-up
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      t.epoch(data, 1);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpuS = (cpu() - cpu0) / 1e9;
      System.out.printf(
          "%-15s batch %3d: %8.1f samples/s wall, %8.1f samples per CPU-second (%d samples, %.1f s, %.1f CPU-s, %,d parameters)%n",
          name, batch, n / wall, n / cpuS, n, wall, cpuS, a.parameterCount());
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
