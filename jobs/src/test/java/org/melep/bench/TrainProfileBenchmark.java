package org.melep.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.model.DjlBlocks;

/**
 * Where a training step's time goes (DJL 0.36, libtorch 2.7.1, CPU): the step of {@code
 * org.melep.train.DjlTrainer} split into input copy, forward, loss, backward and Adam, per
 * architecture, batch and thread count. Run: {@code scripts/benchmark TrainProfile ARCH BATCH
 * THREADS [STEPS]}.
 */
public final class TrainProfileBenchmark {
  private TrainProfileBenchmark() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "resnet1d-small";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int steps = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    System.out.println("load average " + LoadAverage.now() + "; " + gemm(threads));
    System.out.println(profile(name, batch, threads, steps));
    System.out.println("load average " + LoadAverage.now());
  }

  /**
   * This CPU's matrix-multiply rate through the same libtorch (512 x 512 x 512 float GEMMs, about 1
   * s), per CPU-second: the ceiling the convolutions are compared against.
   */
  static String gemm(int threads) {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray a = m.randomNormal(new Shape(512, 512));
      NDArray b = m.randomNormal(new Shape(512, 512));
      for (int i = 0; i < 5; i++) {
        a.matMul(b).close();
      }
      int reps = 0;
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < 1_000_000_000L) {
        a.matMul(b).close();
        reps++;
      }
      double flops = 2.0 * 512 * 512 * 512 * reps;
      return String.format(
          "libtorch GEMM 512^3, %d thread(s): %.1f GFLOP/s wall, %.1f GFLOP per CPU-second",
          threads,
          flops / ((System.nanoTime() - t0) / 1e9) / 1e9,
          flops / ((cpu() - cpu0) / 1e9) / 1e9);
    }
  }

  /**
   * One line: samples/s and milliseconds per phase of a step, after a warm-up at the same shape.
   */
  static String profile(String name, int batch, int threads, int steps) {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
    Architecture a = Architectures.named(name, 9);
    DjlBlocks blocks = DjlBlocks.of(a);
    int size = a.leads() * a.samples();
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[batch * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() - 0.5);
    }
    float[] y = new float[batch * 9];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextDouble() < 0.2 ? 1 : 0;
    }
    try (Model model = Model.newInstance("p", Device.cpu(), "PyTorch")) {
      model.setBlock(blocks.network());
      blocks.network().initialize(model.getNDManager(), DataType.FLOAT32, blocks.inputShape(1));
      blocks.assign(a.randomWeights(1));
      List<Parameter> trainable = new ArrayList<>();
      for (Parameter p : blocks.parameters().values()) {
        if (p.requiresGradient()) {
          trainable.add(p);
        }
      }
      Adam adam = Adam.builder().optLearningRateTracker(Tracker.fixed(0.01f)).build();
      ParameterStore store = new ParameterStore(model.getNDManager(), false);
      SigmoidBinaryCrossEntropyLoss loss = new SigmoidBinaryCrossEntropyLoss("bce", 1f, false);
      long[] t = new long[5];
      long cpu0 = 0;
      long wall0 = 0;
      int warm = Math.max(3, steps / 5);
      for (int s = 0; s < warm + steps; s++) {
        if (s == warm) {
          java.util.Arrays.fill(t, 0);
          cpu0 = cpu();
          wall0 = System.nanoTime();
        }
        try (NDManager sub = model.getNDManager().newSubManager()) {
          long c0 = System.nanoTime();
          NDArray xb = sub.create(FloatBuffer.wrap(x), new Shape(batch, a.leads(), a.samples()));
          NDArray yb = sub.create(FloatBuffer.wrap(y), new Shape(batch, 9));
          long c1 = System.nanoTime();
          JniUtils.setGradMode(true);
          NDList out = blocks.network().forward(store, new NDList(xb), true);
          long c2 = System.nanoTime();
          NDArray l = loss.evaluate(new NDList(yb), out);
          l.getFloat();
          long c3 = System.nanoTime();
          JniUtils.backward((PtNDArray) l, (PtNDArray) sub.ones(l.getShape()), false, false);
          JniUtils.setGradMode(false);
          long c4 = System.nanoTime();
          for (Parameter p : trainable) {
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
              adam.update(p.getId(), w, g);
            }
            JniUtils.zeroGrad((PtNDArray) w);
          }
          long c5 = System.nanoTime();
          t[0] += c1 - c0;
          t[1] += c2 - c1;
          t[2] += c3 - c2;
          t[3] += c4 - c3;
          t[4] += c5 - c4;
        }
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      double cpuS = (cpu() - cpu0) / 1e9;
      int n = steps * batch;
      return String.format(
          "%-15s batch %3d, %d thread(s), %d steps: %.1f samples/s wall, %.1f per CPU-second; ms per step: input %.2f, forward %.2f, loss %.2f, backward %.2f, adam %.2f (%d tensors)",
          name,
          batch,
          threads,
          steps,
          n / wall,
          n / cpuS,
          t[0] / 1e6 / steps,
          t[1] / 1e6 / steps,
          t[2] / 1e6 / steps,
          t[3] / 1e6 / steps,
          t[4] / 1e6 / steps,
          trainable.size());
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
