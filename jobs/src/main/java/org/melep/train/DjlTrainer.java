package org.melep.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SigmoidBinaryCrossEntropyLoss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.melep.model.DjlBlocks;
import org.melep.model.Layer;
import org.melep.model.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hand training loop on DJL's PyTorch engine: multi-label binary cross-entropy on logits ({@link
 * SigmoidBinaryCrossEntropyLoss}, {@code fromSigmoid = false}), Adam, mini-batches in a seeded
 * order per epoch. Gradients come from PyTorch's autograd through DJL's JNI ({@code
 * JniUtils.backward}) with grad mode switched on for the calling thread only: DJL's {@code
 * PtGradientCollector} allows one collector per JVM, which would serialise the training tasks Spark
 * runs side by side in one executor. Initial weights are given (seeded in Java), so a run is
 * reproducible on CPU for a given thread count.
 */
public final class DjlTrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DjlTrainer.class);
  static final String ENGINE = "PyTorch";

  /**
   * The intra-op thread count set on each thread: PyTorch's OpenMP setting belongs to the calling
   * thread, so a count set once per JVM would leave other threads (Spark task threads, a test's
   * main thread) at OpenMP's default, with other results.
   */
  private static final ThreadLocal<Integer> THREADS_SET = new ThreadLocal<>();

  private final Model model;
  private final Block block;
  private final Map<String, Parameter> parameters;
  private final List<Parameter> trainable;
  private final long[] recordShape;
  private final int recordSize;
  private final TrainSettings settings;
  private final Optimizer optimizer;
  private final Loss loss = new SigmoidBinaryCrossEntropyLoss("bce", 1f, false);
  private final ParameterStore store;
  private final DjlBlocks network;

  private DjlTrainer(
      Model model,
      Block block,
      Map<String, Parameter> parameters,
      long[] recordShape,
      TrainSettings settings,
      DjlBlocks network) {
    this.model = model;
    this.block = block;
    this.parameters = parameters;
    this.trainable = new ArrayList<>();
    for (Parameter p : parameters.values()) {
      if (p.requiresGradient()) {
        trainable.add(p);
      }
    }
    this.recordShape = recordShape;
    int size = 1;
    for (long d : recordShape) {
      size *= (int) d;
    }
    this.recordSize = size;
    this.settings = settings;
    this.optimizer =
        Adam.builder()
            .optLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
            .build();
    this.store = new ParameterStore(model.getNDManager(), false);
    this.network = network;
  }

  /** Trains a whole network from {@code initial} weights (all layers trainable). */
  public static DjlTrainer network(
      DjlBlocks blocks, Weights initial, Device device, TrainSettings settings) {
    Model model = newModel("train-" + blocks.architecture().type(), device, settings);
    try {
      model.setBlock(blocks.network());
      blocks.network().initialize(model.getNDManager(), DataType.FLOAT32, blocks.inputShape(1));
      blocks.assign(initial);
      long[] shape = {blocks.architecture().leads(), blocks.architecture().samples()};
      return new DjlTrainer(
          model,
          blocks.network(),
          new LinkedHashMap<>(blocks.parameters()),
          shape,
          settings,
          blocks);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Trains one linear layer on precomputed features (the frozen-body linear probe). */
  public static DjlTrainer linear(
      Layer.Linear head, Weights initial, Device device, TrainSettings settings) {
    Model model = newModel("train-head", device, settings);
    try {
      Linear linear = Linear.builder().setUnits(head.out()).optBias(true).build();
      model.setBlock(linear);
      linear.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, head.in()));
      Map<String, Parameter> params = new LinkedHashMap<>();
      params.put(head.name() + ".weight", linear.getDirectParameters().get("weight"));
      params.put(head.name() + ".bias", linear.getDirectParameters().get("bias"));
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray a = e.getValue().getArray();
        a.set(FloatBuffer.wrap(initial.get(e.getKey(), a.getShape().getShape()).data()));
      }
      return new DjlTrainer(model, linear, params, new long[] {head.in()}, settings, null);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static Model newModel(String name, Device device, TrainSettings settings) {
    Engine engine = Engine.getEngine(ENGINE);
    Integer set = THREADS_SET.get();
    if (set == null || set != settings.threads()) {
      JniUtils.setNumThreads(settings.threads());
      THREADS_SET.set(settings.threads());
      LOG.info(
          "DJL {} {}: {} intra-op thread(s) on thread {}",
          engine.getEngineName(),
          engine.getVersion(),
          settings.threads(),
          Thread.currentThread().getName());
    }
    engine.setRandomSeed((int) settings.seed());
    return Model.newInstance(name, device, ENGINE);
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  /**
   * One pass over {@code data} in a seeded random order; returns the mean loss per example. A
   * trailing batch of one record is skipped (batch norm needs two), a different record each epoch.
   */
  public double epoch(Examples data, int epoch) {
    int[] order = Splits.permutation(data.n(), settings.seed() * 1_000_003L + epoch);
    int batch = settings.batchSize();
    double sum = 0;
    long seen = 0;
    float[] xb = new float[batch * recordSize];
    float[] yb = new float[batch * data.labels()];
    for (int start = 0; start < data.n(); start += batch) {
      int m = Math.min(batch, data.n() - start);
      if (m < 2) {
        break;
      }
      for (int k = 0; k < m; k++) {
        int i = order[start + k];
        System.arraycopy(data.x(), i * recordSize, xb, k * recordSize, recordSize);
        System.arraycopy(data.y(), i * data.labels(), yb, k * data.labels(), data.labels());
      }
      sum += step(xb, yb, m, data.labels()) * m;
      seen += m;
    }
    return seen > 0 ? sum / seen : Double.NaN;
  }

  private double step(float[] xb, float[] yb, int m, int labels) {
    try (NDManager sub = model.getNDManager().newSubManager()) {
      NDArray x = sub.create(FloatBuffer.wrap(xb, 0, m * recordSize), batchShape(m));
      NDArray y = sub.create(FloatBuffer.wrap(yb, 0, m * labels), new Shape(m, labels));
      boolean before = JniUtils.isGradMode();
      JniUtils.setGradMode(true);
      float value;
      try {
        NDList out = block.forward(store, new NDList(x), true);
        NDArray l = loss.evaluate(new NDList(y), out);
        value = l.getFloat();
        NDArray ones = sub.ones(l.getShape());
        JniUtils.backward((PtNDArray) l, (PtNDArray) ones, false, false);
      } finally {
        JniUtils.setGradMode(before);
      }
      JniUtils.setGradMode(false);
      try {
        for (Parameter p : trainable) {
          NDArray w = p.getArray();
          try (NDArray g = w.getGradient()) {
            optimizer.update(p.getId(), w, g);
          }
          JniUtils.zeroGrad((PtNDArray) w);
        }
      } finally {
        JniUtils.setGradMode(before);
      }
      return value;
    }
  }

  /** Logits {@code n x labels} in evaluation mode (batch-norm running statistics). */
  public float[] predict(Examples data) {
    return forward(block, data.x(), data.n(), recordSize);
  }

  /** The body's output (penultimate layer) for each example; network trainers only. */
  public float[] features(Examples data) {
    if (network == null) {
      throw new IllegalStateException("Cannot compute features: not a network trainer");
    }
    return forward(network.body(), data.x(), data.n(), recordSize);
  }

  private float[] forward(Block b, float[] x, int n, int size) {
    int batch = settings.batchSize();
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    boolean before = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (int start = 0; start < n; start += batch) {
        int m = Math.min(batch, n - start);
        try (NDManager sub = model.getNDManager().newSubManager()) {
          NDArray in = sub.create(FloatBuffer.wrap(x, start * size, m * size), batchShape(m));
          float[] out = b.forward(store, new NDList(in), false).head().toFloatArray();
          parts.add(out);
          total += out.length;
        }
      }
    } finally {
      JniUtils.setGradMode(before);
    }
    float[] all = new float[total];
    int off = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, off, p.length);
      off += p.length;
    }
    return all;
  }

  private Shape batchShape(int m) {
    long[] s = new long[recordShape.length + 1];
    s[0] = m;
    System.arraycopy(recordShape, 0, s, 1, recordShape.length);
    return new Shape(s);
  }

  /** The current values of the trained parameters, by canonical name. */
  public Weights weights() {
    Weights w = new Weights();
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray a = e.getValue().getArray();
      w.put(e.getKey(), a.toFloatArray(), a.getShape().getShape());
    }
    return w;
  }

  @Override
  public void close() {
    model.close();
  }
}
