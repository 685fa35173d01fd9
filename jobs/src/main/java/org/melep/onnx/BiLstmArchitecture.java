package org.melep.onnx;

import static org.melep.onnx.OnnxGraph.i;
import static org.melep.onnx.OnnxGraph.ints;
import static org.melep.onnx.OnnxGraph.s;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's Bi-LSTM: one bidirectional LSTM layer {@code leads -> hidden} per direction over all
 * {@code samples} time steps, the outputs of every step flattened (time-major, forward then
 * backward per step, as PyTorch's {@code batch_first} output flattens), and one linear layer
 * {@code samples * 2 * hidden -> labels}.
 *
 * <p>Weight names (PyTorch {@code nn.LSTM} style, gate order i, f, g, o): {@code
 * lstm.weight_ih_l0 [4 hidden, leads]}, {@code lstm.weight_hh_l0 [4 hidden, hidden]}, {@code
 * lstm.bias_ih_l0 [4 hidden]}, {@code lstm.bias_hh_l0 [4 hidden]}, the same with suffix {@code
 * _reverse} for the backward direction, {@code fc.weight [labels, samples * 2 hidden]}, {@code
 * fc.bias [labels]}. The ONNX export reorders gates to ONNX's i, o, f, c.
 */
public record BiLstmArchitecture(int leads, int samples, int hidden, int labels)
    implements Architecture {

  public static final String TYPE = "bilstm";
  private static final String[] DIRECTIONS = {"", "_reverse"};
  /** ONNX gate block k takes PyTorch gate block ONNX_FROM_TORCH[k] (iofc from ifgo). */
  private static final int[] ONNX_FROM_TORCH = {0, 3, 1, 2};

  public BiLstmArchitecture {
    if (leads < 1 || samples < 1 || hidden < 1 || labels < 1) {
      throw new IllegalArgumentException(
          "Cannot build bilstm: sizes must be positive: leads="
              + leads
              + " samples="
              + samples
              + " hidden="
              + hidden
              + " labels="
              + labels);
    }
  }

  /** The paper's Bi-LSTM on 12 leads x 1000 samples, 100 units per direction. */
  public static BiLstmArchitecture paper(int labels) {
    return new BiLstmArchitecture(12, 1000, 100, labels);
  }

  /** A small variant for tests and demo zoos: 8 units per direction. */
  public static BiLstmArchitecture small(int labels) {
    return new BiLstmArchitecture(12, 1000, 8, labels);
  }

  @Override
  public String type() {
    return TYPE;
  }

  public long features() {
    return (long) samples * 2 * hidden;
  }

  @Override
  public Weights randomWeights(long seed) {
    WeightInit init = new WeightInit(seed);
    Weights w = new Weights();
    double std = 1.0 / Math.sqrt(hidden);
    for (String d : DIRECTIONS) {
      w.put("lstm.weight_ih_l0" + d, init.normal(std, 4L * hidden, leads));
      w.put("lstm.weight_hh_l0" + d, init.normal(std, 4L * hidden, hidden));
      w.put("lstm.bias_ih_l0" + d, init.normal(std, 4L * hidden));
      w.put("lstm.bias_hh_l0" + d, init.normal(std, 4L * hidden));
    }
    w.put("fc.weight", init.he(features(), labels, features()));
    w.put("fc.bias", init.normal(0.01, labels));
    return w;
  }

  @Override
  public byte[] toOnnx(Weights w, boolean sigmoid) {
    OnnxGraph g = new OnnxGraph("bilstm");
    g.input(INPUT, -1, leads, samples);
    int h4 = 4 * hidden;
    float[] wData = new float[2 * h4 * leads];
    float[] rData = new float[2 * h4 * hidden];
    float[] bData = new float[2 * 2 * h4];
    for (int d = 0; d < 2; d++) {
      String suffix = DIRECTIONS[d];
      reorderGates(w.get("lstm.weight_ih_l0" + suffix, h4, leads).data(), leads, wData, d * h4 * leads);
      reorderGates(
          w.get("lstm.weight_hh_l0" + suffix, h4, hidden).data(), hidden, rData, d * h4 * hidden);
      reorderGates(w.get("lstm.bias_ih_l0" + suffix, h4).data(), 1, bData, d * 2 * h4);
      reorderGates(w.get("lstm.bias_hh_l0" + suffix, h4).data(), 1, bData, d * 2 * h4 + h4);
    }
    String wName = g.initializer("lstm.W", Tensor.of(wData, 2, h4, leads));
    String rName = g.initializer("lstm.R", Tensor.of(rData, 2, h4, hidden));
    String bName = g.initializer("lstm.B", Tensor.of(bData, 2, 2L * h4));
    String x = g.apply("Transpose", List.of(INPUT), ints("perm", 2, 0, 1)); // [L, N, C]
    String y = g.fresh("lstm_y");
    g.node(
        "LSTM",
        List.of(x, wName, rName, bName),
        List.of(y),
        i("hidden_size", hidden),
        s("direction", "bidirectional"));
    x = g.apply("Transpose", List.of(y), ints("perm", 2, 0, 1, 3)); // [N, L, 2, H]
    x = g.apply("Flatten", List.of(x), i("axis", 1));
    String fcW = g.initializer("fc.weight", w.get("fc.weight", labels, features()));
    String fcB = g.initializer("fc.bias", w.get("fc.bias", labels));
    String logits = g.apply("Gemm", List.of(x, fcW, fcB), i("transB", 1));
    g.node(sigmoid ? "Sigmoid" : "Identity", List.of(logits), List.of(OUTPUT));
    g.output(OUTPUT, -1, labels);
    g.metadata("melep.architecture", describe().toString());
    return g.toModelBytes();
  }

  /** Copies PyTorch gate blocks (i, f, g, o) of rows of {@code cols} into ONNX order. */
  private void reorderGates(float[] torch, int cols, float[] dest, int offset) {
    int block = hidden * cols;
    for (int k = 0; k < 4; k++) {
      System.arraycopy(torch, ONNX_FROM_TORCH[k] * block, dest, offset + k * block, block);
    }
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("hidden", hidden);
    return m;
  }
}
