package org.melep.onnx;

import static org.melep.onnx.OnnxGraph.f;
import static org.melep.onnx.OnnxGraph.i;
import static org.melep.onnx.OnnxGraph.ints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 1-D ResNet with bottleneck blocks (ResNet1d101 for {@code blocks = [3, 4, 23, 3]}, {@code
 * width = 64}, {@code head = 512}).
 *
 * <p>Stem: conv {@code leads -> width}, kernel 7, stride 2, padding 3, no bias; batch norm; ReLU;
 * max pool kernel 3, stride 2, padding 1. Stage {@code s} (0..3) has {@code blocks[s]} bottlenecks
 * of {@code planes = width * 2^s}: conv1x1 {@code -> planes}, BN, ReLU, conv k3 (stride 2 in the
 * first block of stages 1..3, padding 1) {@code -> planes}, BN, ReLU, conv1x1 {@code -> 4 planes},
 * BN, plus the shortcut (conv1x1 with the block's stride and BN in each stage's first block,
 * identity otherwise), ReLU. Head: global average pool, linear {@code 4 * 8 * width -> head},
 * ReLU, linear {@code head -> labels}.
 *
 * <p>Weight names (PyTorch style): {@code stem.conv.weight [width, leads, 7]}, {@code stem.bn.*};
 * {@code layers.<s>.<b>.conv1.weight}, {@code .bn1.*}, {@code .conv2.weight}, {@code .bn2.*},
 * {@code .conv3.weight}, {@code .bn3.*}, {@code .downsample.conv.weight}, {@code
 * .downsample.bn.*}; {@code head.fc1.weight [head, 32 width]}, {@code head.fc1.bias}, {@code
 * head.fc2.weight [labels, head]}, {@code head.fc2.bias}. A batch norm {@code p} has {@code
 * p.weight}, {@code p.bias}, {@code p.running_mean}, {@code p.running_var} (epsilon {@link
 * #BN_EPSILON}).
 */
public record ResNet1dArchitecture(
    int leads, int samples, List<Integer> blocks, int width, int head, int labels)
    implements Architecture {

  public static final String TYPE = "resnet1d";
  public static final int EXPANSION = 4;
  public static final int STEM_KERNEL = 7;
  public static final float BN_EPSILON = 1e-5f;

  public ResNet1dArchitecture {
    blocks = List.copyOf(blocks);
    if (blocks.size() != 4 || blocks.stream().anyMatch(b -> b == null || b < 1)) {
      throw new IllegalArgumentException(
          "Cannot build resnet1d: blocks must be 4 positive counts: " + blocks);
    }
    if (leads < 1 || samples < 32 || width < 1 || head < 1 || labels < 1) {
      throw new IllegalArgumentException(
          "Cannot build resnet1d: sizes must be positive (samples >= 32): leads="
              + leads
              + " samples="
              + samples
              + " width="
              + width
              + " head="
              + head
              + " labels="
              + labels);
    }
  }

  /** The paper's ResNet1d101 on 12 leads x 1000 samples (100 Hz, 10 s). */
  public static ResNet1dArchitecture resnet1d101(int labels) {
    return new ResNet1dArchitecture(12, 1000, List.of(3, 4, 23, 3), 64, 512, labels);
  }

  /** A small variant for tests and demo zoos: one block per stage, width 8, head 32. */
  public static ResNet1dArchitecture small(int labels) {
    return new ResNet1dArchitecture(12, 1000, List.of(1, 1, 1, 1), 8, 32, labels);
  }

  @Override
  public String type() {
    return TYPE;
  }

  /** One bottleneck block: its weight-name prefix, channels in, planes, stride, projection. */
  public record Bottleneck(String prefix, int in, int planes, int stride, boolean downsample) {
    public int out() {
      return planes * EXPANSION;
    }
  }

  public List<Bottleneck> bottlenecks() {
    List<Bottleneck> out = new ArrayList<>();
    int in = width;
    for (int s = 0; s < 4; s++) {
      int planes = width << s;
      for (int b = 0; b < blocks.get(s); b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        boolean down = b == 0 && (stride != 1 || in != planes * EXPANSION);
        out.add(new Bottleneck("layers." + s + "." + b, in, planes, stride, down));
        in = planes * EXPANSION;
      }
    }
    return out;
  }

  /** Channels entering the head: {@code 4 * 8 * width}. */
  public int features() {
    return (width << 3) * EXPANSION;
  }

  @Override
  public Weights randomWeights(long seed) {
    WeightInit init = new WeightInit(seed);
    Weights w = new Weights();
    w.put("stem.conv.weight", init.he((long) leads * STEM_KERNEL, width, leads, STEM_KERNEL));
    init.batchNorm(w, "stem.bn", width, 0.8, 1.2);
    for (Bottleneck b : bottlenecks()) {
      String p = b.prefix();
      w.put(p + ".conv1.weight", init.he(b.in(), b.planes(), b.in(), 1));
      init.batchNorm(w, p + ".bn1", b.planes(), 0.8, 1.2);
      w.put(p + ".conv2.weight", init.he(b.planes() * 3L, b.planes(), b.planes(), 3));
      init.batchNorm(w, p + ".bn2", b.planes(), 0.8, 1.2);
      w.put(p + ".conv3.weight", init.he(b.planes(), b.out(), b.planes(), 1));
      // small residual branch gain keeps deep random networks numerically tame
      init.batchNorm(w, p + ".bn3", b.out(), 0.1, 0.3);
      if (b.downsample()) {
        w.put(p + ".downsample.conv.weight", init.he(b.in(), b.out(), b.in(), 1));
        init.batchNorm(w, p + ".downsample.bn", b.out(), 0.8, 1.2);
      }
    }
    w.put("head.fc1.weight", init.he(features(), head, features()));
    w.put("head.fc1.bias", init.normal(0.01, head));
    w.put("head.fc2.weight", init.he(head, labels, head));
    w.put("head.fc2.bias", init.normal(0.01, labels));
    return w;
  }

  @Override
  public byte[] toOnnx(Weights w, boolean sigmoid) {
    OnnxGraph g = new OnnxGraph("resnet1d");
    g.input(INPUT, -1, leads, samples);
    String x = conv(g, w, INPUT, "stem.conv", width, leads, STEM_KERNEL, 2, 3);
    x = bn(g, w, x, "stem.bn", width);
    x = g.apply("Relu", List.of(x));
    x =
        g.apply(
            "MaxPool",
            List.of(x),
            ints("kernel_shape", 3),
            ints("strides", 2),
            ints("pads", 1, 1));
    for (Bottleneck b : bottlenecks()) {
      String p = b.prefix();
      String y = conv(g, w, x, p + ".conv1", b.planes(), b.in(), 1, 1, 0);
      y = g.apply("Relu", List.of(bn(g, w, y, p + ".bn1", b.planes())));
      y = conv(g, w, y, p + ".conv2", b.planes(), b.planes(), 3, b.stride(), 1);
      y = g.apply("Relu", List.of(bn(g, w, y, p + ".bn2", b.planes())));
      y = conv(g, w, y, p + ".conv3", b.out(), b.planes(), 1, 1, 0);
      y = bn(g, w, y, p + ".bn3", b.out());
      String shortcut = x;
      if (b.downsample()) {
        shortcut = conv(g, w, x, p + ".downsample.conv", b.out(), b.in(), 1, b.stride(), 0);
        shortcut = bn(g, w, shortcut, p + ".downsample.bn", b.out());
      }
      x = g.apply("Relu", List.of(g.apply("Add", List.of(y, shortcut))));
    }
    x = g.apply("GlobalAveragePool", List.of(x));
    x = g.apply("Flatten", List.of(x), i("axis", 1));
    x = gemm(g, w, x, "head.fc1", head, features());
    x = g.apply("Relu", List.of(x));
    String logits = gemm(g, w, x, "head.fc2", labels, head);
    g.node(sigmoid ? "Sigmoid" : "Identity", List.of(logits), List.of(OUTPUT));
    g.output(OUTPUT, -1, labels);
    g.metadata("melep.architecture", describe().toString());
    return g.toModelBytes();
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("blocks", blocks);
    m.put("width", width);
    m.put("head", head);
    return m;
  }

  private static String conv(
      OnnxGraph g, Weights w, String x, String name, int out, int in, int k, int stride, int pad) {
    String weight = g.initializer(name + ".weight", w.get(name + ".weight", out, in, k));
    return g.apply(
        "Conv",
        List.of(x, weight),
        ints("kernel_shape", k),
        ints("strides", stride),
        ints("pads", pad, pad));
  }

  private static String bn(OnnxGraph g, Weights w, String x, String name, int channels) {
    List<String> in = new ArrayList<>();
    in.add(x);
    for (String part : List.of("weight", "bias", "running_mean", "running_var")) {
      String key = name + "." + part;
      in.add(g.initializer(key, w.get(key, channels)));
    }
    return g.apply("BatchNormalization", in, f("epsilon", BN_EPSILON));
  }

  static String gemm(OnnxGraph g, Weights w, String x, String name, int out, int in) {
    String weight = g.initializer(name + ".weight", w.get(name + ".weight", out, in));
    String bias = g.initializer(name + ".bias", w.get(name + ".bias", out));
    return g.apply("Gemm", List.of(x, weight, bias), i("transB", 1));
  }
}
