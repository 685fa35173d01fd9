package org.melep.onnx;

import static org.melep.onnx.OnnxGraph.f;
import static org.melep.onnx.OnnxGraph.i;
import static org.melep.onnx.OnnxGraph.ints;
import static org.melep.onnx.OnnxGraph.s;

import java.util.ArrayList;
import java.util.List;
import org.melep.model.Architecture;
import org.melep.model.Layer;
import org.melep.model.Tensor;
import org.melep.model.Weights;

/**
 * Writes an {@link Architecture}'s layer list with given {@link Weights} as an ONNX model: input
 * {@link Architecture#INPUT} {@code [N, leads, samples]}, first output {@link Architecture#OUTPUT}
 * {@code [N, labels]} (logits, or probabilities with {@code sigmoid}), second output {@link
 * Architecture#FEATURES}: the penultimate layer (the head's input).
 */
public final class OnnxExport {
  /** ONNX gate block k takes PyTorch gate block ONNX_FROM_TORCH[k] (iofc from ifgo). */
  private static final int[] ONNX_FROM_TORCH = {0, 3, 1, 2};

  private final OnnxGraph g;
  private final Weights w;

  private OnnxExport(OnnxGraph g, Weights w) {
    this.g = g;
    this.w = w;
  }

  /** The ONNX model bytes for these weights. */
  public static byte[] toOnnx(Architecture a, Weights weights, boolean sigmoid) {
    OnnxGraph g = new OnnxGraph(a.type());
    OnnxExport e = new OnnxExport(g, weights);
    g.input(Architecture.INPUT, -1, a.leads(), a.samples());
    String x = e.layers(Architecture.INPUT, a.body());
    g.node("Identity", List.of(x), List.of(Architecture.FEATURES));
    String logits = e.layer(x, a.classifier());
    g.node(sigmoid ? "Sigmoid" : "Identity", List.of(logits), List.of(Architecture.OUTPUT));
    g.output(Architecture.OUTPUT, -1, a.labels());
    g.output(Architecture.FEATURES, -1, a.classifier().in());
    g.metadata("melep.architecture", a.describe().toString());
    return g.toModelBytes();
  }

  private String layers(String x, List<Layer> layers) {
    for (Layer l : layers) {
      x = layer(x, l);
    }
    return x;
  }

  private String layer(String x, Layer layer) {
    if (layer instanceof Layer.Conv c) {
      String weight =
          g.initializer(
              c.name() + ".weight", w.get(c.name() + ".weight", c.out(), c.in(), c.kernel()));
      return g.apply(
          "Conv",
          List.of(x, weight),
          ints("kernel_shape", c.kernel()),
          ints("strides", c.stride()),
          ints("pads", c.pad(), c.pad()));
    } else if (layer instanceof Layer.BatchNorm b) {
      List<String> in = new ArrayList<>();
      in.add(x);
      for (String part : List.of("weight", "bias", "running_mean", "running_var")) {
        String key = b.name() + "." + part;
        in.add(g.initializer(key, w.get(key, b.channels())));
      }
      return g.apply("BatchNormalization", in, f("epsilon", Layer.BatchNorm.EPSILON));
    } else if (layer instanceof Layer.Relu) {
      return g.apply("Relu", List.of(x));
    } else if (layer instanceof Layer.MaxPool m) {
      return g.apply(
          "MaxPool",
          List.of(x),
          ints("kernel_shape", m.kernel()),
          ints("strides", m.stride()),
          ints("pads", m.pad(), m.pad()));
    } else if (layer instanceof Layer.AvgPool a) {
      return g.apply(
          "AveragePool", List.of(x), ints("kernel_shape", a.kernel()), ints("strides", a.kernel()));
    } else if (layer instanceof Layer.Residual r) {
      String y = layers(x, r.main());
      String shortcut = layers(x, r.shortcut());
      return g.apply("Relu", List.of(g.apply("Add", List.of(y, shortcut))));
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return g.apply("Flatten", List.of(g.apply("GlobalAveragePool", List.of(x))), i("axis", 1));
    } else if (layer instanceof Layer.BiLstm l) {
      return lstm(x, l);
    } else if (layer instanceof Layer.Linear f) {
      String weight =
          g.initializer(f.name() + ".weight", w.get(f.name() + ".weight", f.out(), f.in()));
      String bias = g.initializer(f.name() + ".bias", w.get(f.name() + ".bias", f.out()));
      return g.apply("Gemm", List.of(x, weight, bias), i("transB", 1));
    }
    throw new IllegalArgumentException("Cannot export to ONNX: unknown layer: " + layer);
  }

  private String lstm(String x, Layer.BiLstm l) {
    int hidden = l.hidden();
    int in = l.in();
    int h4 = 4 * hidden;
    float[] wData = new float[2 * h4 * in];
    float[] rData = new float[2 * h4 * hidden];
    float[] bData = new float[2 * 2 * h4];
    String p = l.name();
    for (int d = 0; d < 2; d++) {
      String suffix = Layer.BiLstm.DIRECTIONS.get(d);
      reorder(w.get(p + ".weight_ih_l0" + suffix, h4, in).data(), hidden * in, wData, d * h4 * in);
      reorder(
          w.get(p + ".weight_hh_l0" + suffix, h4, hidden).data(),
          hidden * hidden,
          rData,
          d * h4 * hidden);
      reorder(w.get(p + ".bias_ih_l0" + suffix, h4).data(), hidden, bData, d * 2 * h4);
      reorder(w.get(p + ".bias_hh_l0" + suffix, h4).data(), hidden, bData, d * 2 * h4 + h4);
    }
    String wName = g.initializer(p + ".W", Tensor.of(wData, 2, h4, in));
    String rName = g.initializer(p + ".R", Tensor.of(rData, 2, h4, hidden));
    String bName = g.initializer(p + ".B", Tensor.of(bData, 2, 2L * h4));
    String t = g.apply("Transpose", List.of(x), ints("perm", 2, 0, 1)); // [L, N, C]
    String y = g.fresh("lstm_y");
    g.node(
        "LSTM",
        List.of(t, wName, rName, bName),
        List.of(y),
        i("hidden_size", hidden),
        s("direction", "bidirectional"));
    if (l.readout() == Layer.BiLstm.Readout.MEAN) {
      String mean =
          g.apply("ReduceMean", List.of(y), ints("axes", 0), i("keepdims", 0)); // [2, N, H]
      String nd = g.apply("Transpose", List.of(mean), ints("perm", 1, 0, 2)); // [N, 2, H]
      return g.apply("Flatten", List.of(nd), i("axis", 1));
    }
    String z = g.apply("Transpose", List.of(y), ints("perm", 2, 0, 1, 3)); // [N, L, 2, H]
    return g.apply("Flatten", List.of(z), i("axis", 1));
  }

  /** Copies PyTorch gate blocks (i, f, g, o) of {@code block} values each into ONNX order. */
  private static void reorder(float[] torch, int block, float[] dest, int offset) {
    for (int k = 0; k < 4; k++) {
      System.arraycopy(torch, ONNX_FROM_TORCH[k] * block, dest, offset + k * block, block);
    }
  }
}
