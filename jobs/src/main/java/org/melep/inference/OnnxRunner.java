package org.melep.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an ONNX model with ONNX Runtime. With CUDA wanted ({@link RunnerOptions#wantsCuda()}) it
 * adds the CUDA execution provider on the chosen GPU; when that fails (CPU-only ORT build, no
 * driver, no device) it runs on the CPU and logs why once per JVM. Intra-op threads come from the
 * options, inter-op parallelism is off, and idle threads do not spin (see {@link #SPIN}).
 */
public final class OnnxRunner implements ModelRunner {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxRunner.class);
  private static final AtomicBoolean LOGGED_DEVICE = new AtomicBoolean();

  /**
   * {@code -Dmelep.ort.spin=true} lets ORT's idle threads busy-wait (faster on dedicated cores).
   */
  private static final boolean SPIN = Boolean.getBoolean("melep.ort.spin");

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final java.util.Set<String> outputName;
  private final String featureName;
  private final int featureCount;
  private final long[] recordShape;
  private final int outputs;
  private final String provider;

  private OnnxRunner(
      OrtEnvironment env,
      OrtSession session,
      long[] recordShape,
      int outputs,
      String features,
      int featureCount,
      String provider) {
    this.env = env;
    this.session = session;
    this.inputName = session.getInputNames().iterator().next();
    // only the first output for run(); runWithFeatures() adds the named feature output
    this.outputName = java.util.Set.of(session.getOutputNames().iterator().next());
    this.featureName = features;
    this.featureCount = featureCount;
    this.recordShape = recordShape;
    this.outputs = outputs;
    this.provider = provider;
  }

  /**
   * Loads {@code model} and checks its single input against {@code recordShape} (plus a batch
   * dimension) and its first output against {@code [batch, outputs]}.
   */
  public static OnnxRunner open(
      String checkpoint, byte[] model, long[] recordShape, int outputs, RunnerOptions options) {
    return open(checkpoint, model, recordShape, outputs, null, options);
  }

  /**
   * As {@link #open(String, byte[], long[], int, RunnerOptions)}, and when {@code features} is not
   * null, checks the model has an output of that name (not its first) of shape {@code [batch, D]}
   * with a fixed D, which {@link #runWithFeatures} then computes.
   */
  public static OnnxRunner open(
      String checkpoint,
      byte[] model,
      long[] recordShape,
      int outputs,
      String features,
      RunnerOptions options) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    String provider = "CPU";
    OrtSession session;
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      so.setIntraOpNumThreads(options.threads());
      so.setInterOpNumThreads(1);
      if (!SPIN) {
        // idle intra-op threads sleep instead of busy-waiting: on a shared or oversubscribed
        // executor spinning threads steal the cores the other tasks' threads need
        so.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      if (options.wantsCuda()) {
        int gpu = Math.max(0, options.gpu());
        try {
          so.addCUDA(gpu);
          provider = "CUDA:" + gpu;
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
          logOnce(
              "ONNX Runtime CUDA execution provider unavailable on GPU "
                  + gpu
                  + " ("
                  + e.getMessage()
                  + "): running ONNX models on CPU with "
                  + options.threads()
                  + " thread(s)");
        }
      } else {
        logOnce(
            "ONNX Runtime on CPU with "
                + options.threads()
                + " intra-op thread(s) per task (no GPU assigned to the task)");
      }
      session = env.createSession(model, so);
    } catch (OrtException e) {
      throw new InferenceException(
          checkpoint, null, "ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
    int featureCount;
    try {
      checkShapes(checkpoint, session, recordShape, outputs);
      featureCount = features == null ? 0 : featureCount(checkpoint, session, features);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
    return new OnnxRunner(
        env, session, recordShape.clone(), outputs, features, featureCount, provider);
  }

  /**
   * D of the feature output {@code name}: it must exist, not be the first output, and be {@code [N,
   * D]}.
   */
  private static int featureCount(String checkpoint, OrtSession session, String name) {
    try {
      Map<String, NodeInfo> info = session.getOutputInfo();
      String first = session.getOutputNames().iterator().next();
      if (!info.containsKey(name)) {
        throw new InferenceException(
            checkpoint,
            null,
            "the zoo entry names feature output '"
                + name
                + "' but the model's outputs are "
                + info.keySet());
      }
      if (name.equals(first)) {
        throw new InferenceException(
            checkpoint,
            null,
            "feature output '"
                + name
                + "' is the model's first output (its label outputs), not its features");
      }
      long[] shape = ((TensorInfo) info.get(name).getInfo()).getShape();
      if (shape.length != 2 || shape[1] < 1) {
        throw new InferenceException(
            checkpoint,
            null,
            "feature output '"
                + name
                + "' has shape "
                + Arrays.toString(shape)
                + ", expected [N, D] with a fixed D");
      }
      return Math.toIntExact(shape[1]);
    } catch (OrtException e) {
      throw new InferenceException(
          checkpoint, null, "cannot read model shapes: " + e.getMessage(), e);
    }
  }

  private static void checkShapes(
      String checkpoint, OrtSession session, long[] recordShape, int outputs) {
    try {
      if (session.getNumInputs() != 1) {
        throw new InferenceException(
            checkpoint, null, "model has " + session.getNumInputs() + " inputs, expected 1");
      }
      NodeInfo in = session.getInputInfo().values().iterator().next();
      long[] inShape = ((TensorInfo) in.getInfo()).getShape();
      long[] expected = new long[recordShape.length + 1];
      expected[0] = -1;
      System.arraycopy(recordShape, 0, expected, 1, recordShape.length);
      if (!matches(inShape, expected)) {
        throw new InferenceException(
            checkpoint,
            null,
            "model input shape "
                + Arrays.toString(inShape)
                + " does not fit the manifest's input contract [N, "
                + Arrays.toString(recordShape).substring(1));
      }
      NodeInfo out = session.getOutputInfo().values().iterator().next();
      long[] outShape = ((TensorInfo) out.getInfo()).getShape();
      if (!matches(outShape, new long[] {-1, outputs})) {
        throw new InferenceException(
            checkpoint,
            null,
            "model output shape "
                + Arrays.toString(outShape)
                + " does not fit the manifest's "
                + outputs
                + " labels [N, "
                + outputs
                + "]");
      }
    } catch (OrtException e) {
      throw new InferenceException(
          checkpoint, null, "cannot read model shapes: " + e.getMessage(), e);
    }
  }

  /** Same rank, and every fixed dimension equal (negative = symbolic matches anything). */
  private static boolean matches(long[] actual, long[] expected) {
    if (actual.length != expected.length) {
      return false;
    }
    for (int k = 0; k < actual.length; k++) {
      if (actual[k] >= 0 && expected[k] >= 0 && actual[k] != expected[k]) {
        return false;
      }
    }
    return true;
  }

  private static void logOnce(String message) {
    if (LOGGED_DEVICE.compareAndSet(false, true)) {
      LOG.info(message);
    }
  }

  /** {@code CPU} or {@code CUDA:<gpu>}: the provider this session runs on. */
  public String provider() {
    return provider;
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
    int size = recordSize();
    long[] shape = new long[recordShape.length + 1];
    shape[0] = n;
    System.arraycopy(recordShape, 0, shape, 1, recordShape.length);
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input, 0, n * size), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor), outputName)) {
      OnnxValue value = result.get(0);
      FloatBuffer out = ((OnnxTensor) value).getFloatBuffer();
      if (out.remaining() != n * outputs) {
        throw new IllegalStateException(
            "model returned " + out.remaining() + " values for " + n + " x " + outputs);
      }
      float[] values = new float[n * outputs];
      out.get(values);
      return values;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  @Override
  public int featureCount() {
    return featureCount;
  }

  @Override
  public float[][] runWithFeatures(float[] input, int n) {
    if (featureName == null) {
      return ModelRunner.super.runWithFeatures(input, n);
    }
    int size = recordSize();
    long[] shape = new long[recordShape.length + 1];
    shape[0] = n;
    System.arraycopy(recordShape, 0, shape, 1, recordShape.length);
    String first = outputName.iterator().next();
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input, 0, n * size), shape);
        OrtSession.Result result =
            session.run(Map.of(inputName, tensor), java.util.Set.of(first, featureName))) {
      float[] values = read(result, first, n, outputs, "outputs");
      float[] features = read(result, featureName, n, featureCount, "features");
      return new float[][] {values, features};
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
    }
  }

  private static float[] read(
      OrtSession.Result result, String name, int n, int width, String what) {
    FloatBuffer out = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    if (out.remaining() != n * width) {
      throw new IllegalStateException(
          "model returned " + out.remaining() + " " + what + " for " + n + " x " + width);
    }
    float[] values = new float[n * width];
    out.get(values);
    return values;
  }

  @Override
  public String describe() {
    return "onnxruntime " + provider;
  }

  @Override
  public void close() {
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("Cannot close ONNX Runtime session: {}", e.getMessage());
    }
  }
}
