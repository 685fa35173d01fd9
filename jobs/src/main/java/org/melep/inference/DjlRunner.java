package org.melep.inference;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.melep.model.Architecture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a checkpoint with DJL's PyTorch engine (CPU): either a {@code djl} parameter file for an
 * {@link Architecture} rebuilt by {@link DjlNetwork}, or a TorchScript file. The engine's native
 * library comes from the {@code pytorch-native-cpu} jar on the class path; nothing is downloaded
 * ({@code -Dai.djl.offline=true}).
 */
public final class DjlRunner implements ModelRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DjlRunner.class);
  private static volatile boolean threadsSet;

  private final Model model;
  private final Block block;
  private final long[] recordShape;
  private final int outputs;

  /** The network split at its feature output, or null when none was asked. */
  private final DjlNetwork network;

  private DjlRunner(Model model, long[] recordShape, int outputs, DjlNetwork network) {
    this.model = model;
    this.block = model.getBlock();
    this.recordShape = recordShape;
    this.outputs = outputs;
    this.network = network;
  }

  /** Loads a {@code djl} parameter file for {@code architecture}. */
  public static DjlRunner openParams(
      String checkpoint,
      byte[] params,
      Architecture architecture,
      boolean sigmoid,
      long[] recordShape,
      int outputs,
      RunnerOptions options) {
    return openParams(
        checkpoint, params, architecture, sigmoid, recordShape, outputs, null, options);
  }

  /**
   * As above; when {@code features} is not null it must be {@link Architecture#FEATURES} (the
   * penultimate layer, the classifier's input: the output the ONNX export names so), which {@link
   * #runWithFeatures} then computes in the same pass as the outputs.
   */
  public static DjlRunner openParams(
      String checkpoint,
      byte[] params,
      Architecture architecture,
      boolean sigmoid,
      long[] recordShape,
      int outputs,
      String features,
      RunnerOptions options) {
    if (features != null && !features.equals(Architecture.FEATURES)) {
      throw new InferenceException(
          checkpoint,
          null,
          "a djl checkpoint's feature output is '"
              + Architecture.FEATURES
              + "' (the input of the architecture's classifier), not '"
              + features
              + "'");
    }
    if (!Arrays.equals(recordShape, new long[] {architecture.leads(), architecture.samples()})) {
      throw new InferenceException(
          checkpoint,
          null,
          "architecture takes [N, "
              + architecture.leads()
              + ", "
              + architecture.samples()
              + "] but the input contract gives [N, "
              + Arrays.toString(recordShape).substring(1));
    }
    if (architecture.labels() != outputs) {
      throw new InferenceException(
          checkpoint,
          null,
          "architecture outputs "
              + architecture.labels()
              + " labels, the manifest lists "
              + outputs);
    }
    Model model = newModel(checkpoint, options);
    DjlNetwork network = DjlNetwork.of(architecture, sigmoid);
    model.setBlock(network.block());
    load(checkpoint, model, params, DjlNetwork.PREFIX + "-0000.params");
    try {
      network.checkLoadedShapes(checkpoint);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return checked(
        checkpoint,
        new DjlRunner(model, recordShape.clone(), outputs, features == null ? null : network));
  }

  /** Loads a TorchScript file (a {@code .pt} that DJL's PyTorch engine can run). */
  public static DjlRunner openTorchScript(
      String checkpoint, byte[] script, long[] recordShape, int outputs, RunnerOptions options) {
    Model model = newModel(checkpoint, options);
    load(checkpoint, model, script, DjlNetwork.PREFIX + ".pt");
    return checked(checkpoint, new DjlRunner(model, recordShape.clone(), outputs, null));
  }

  private static Model newModel(String checkpoint, RunnerOptions options) {
    try {
      Engine engine = Engine.getEngine(DjlNetwork.ENGINE);
      if (!threadsSet) {
        synchronized (DjlRunner.class) {
          if (!threadsSet) {
            JniUtils.setNumThreads(options.threads());
            threadsSet = true;
            LOG.info(
                "DJL {} {} on CPU with {} thread(s)",
                engine.getEngineName(),
                engine.getVersion(),
                options.threads());
          }
        }
      }
      return Model.newInstance(checkpoint, DjlNetwork.ENGINE);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new InferenceException(
          checkpoint, null, "cannot start DJL's PyTorch engine: " + e.getMessage(), e);
    }
  }

  private static void load(String checkpoint, Model model, byte[] bytes, String fileName) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("melep-djl-load");
      Files.write(dir.resolve(fileName), bytes);
      model.load(dir, DjlNetwork.PREFIX);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new InferenceException(checkpoint, null, "DJL cannot load the model: " + cause(e), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * Why a model file did not load, for a person: the first message in the cause chain (DJL's reader
   * fails on a truncated file with a bare {@link java.io.EOFException}).
   */
  static String cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.EOFException) {
        return "the file ends early (truncated or not a DJL parameter file)";
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        String m = t.getMessage().strip();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl))
            + (t == e ? "" : " (" + t.getClass().getSimpleName() + ")");
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e.getClass().getSimpleName() + " without a message (a damaged or wrong file?)";
  }

  /** Runs one zero record to check the output shape against the manifest. */
  private static DjlRunner checked(String checkpoint, DjlRunner runner) {
    try (NDManager m = runner.model.getNDManager().newSubManager()) {
      NDArray out = runner.forward(m, new float[runner.recordSize()], 1);
      long[] shape = out.getShape().getShape();
      if (!Arrays.equals(shape, new long[] {1, runner.outputs})) {
        throw new InferenceException(
            checkpoint,
            null,
            "model output shape "
                + Arrays.toString(shape)
                + " for one record does not fit the manifest's "
                + runner.outputs
                + " labels");
      }
      return runner;
    } catch (InferenceException e) {
      runner.close();
      throw e;
    } catch (RuntimeException e) {
      runner.close();
      throw new InferenceException(
          checkpoint,
          null,
          "model cannot run a record of the input contract: " + e.getMessage(),
          e);
    }
  }

  private NDArray forward(NDManager m, float[] input, int n) {
    NDList out = block.forward(new ParameterStore(m, false), new NDList(input(m, input, n)), false);
    return out.head();
  }

  private NDArray input(NDManager m, float[] input, int n) {
    long[] shape = new long[recordShape.length + 1];
    shape[0] = n;
    System.arraycopy(recordShape, 0, shape, 1, recordShape.length);
    return m.create(FloatBuffer.wrap(input, 0, n * recordSize()), new Shape(shape));
  }

  @Override
  public int featureCount() {
    return network == null ? 0 : network.featureCount();
  }

  /** The body's output (the features), then the classifier on it: one pass of the network. */
  @Override
  public float[][] runWithFeatures(float[] input, int n) {
    if (network == null) {
      return ModelRunner.super.runWithFeatures(input, n);
    }
    try (NDManager m = model.getNDManager().newSubManager()) {
      ParameterStore store = new ParameterStore(m, false);
      NDArray features =
          network.features().forward(store, new NDList(input(m, input, n)), false).head();
      NDArray out = network.head().forward(store, new NDList(features), false).head();
      float[] values = out.toFloatArray();
      float[] f = features.toFloatArray();
      if (values.length != n * outputs || f.length != (long) n * featureCount()) {
        throw new IllegalStateException(
            "model returned "
                + values.length
                + " outputs and "
                + f.length
                + " features for "
                + n
                + " records ("
                + outputs
                + " outputs, "
                + featureCount()
                + " features each)");
      }
      return new float[][] {values, f};
    }
  }

  @Override
  public long[] recordShape() {
    return recordShape.clone();
  }

  @Override
  public int outputs() {
    return outputs;
  }

  @Override
  public float[] run(float[] input, int n) {
    try (NDManager m = model.getNDManager().newSubManager()) {
      float[] values = forward(m, input, n).toFloatArray();
      if (values.length != n * outputs) {
        throw new IllegalStateException(
            "model returned " + values.length + " values for " + n + " x " + outputs);
      }
      return values;
    }
  }

  @Override
  public String describe() {
    return "djl PyTorch CPU";
  }

  @Override
  public void close() {
    model.close();
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Cannot delete {}: {}", dir, e.getMessage());
    }
  }
}
