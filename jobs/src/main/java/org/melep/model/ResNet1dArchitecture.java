package org.melep.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 1-D ResNet, with bottleneck blocks (the paper's ResNet1d101: {@code blocks = [3, 4, 23, 3]},
 * {@code width = 64}, {@code head = 512}) or with basic blocks ({@code resnet1d-small}).
 *
 * <p>Stem: conv {@code leads -> width}, kernel 7, stride 2, padding 3, no bias; batch norm; ReLU;
 * max pool kernel 3, stride 2, padding 1. Stage {@code s} has {@code blocks[s]} blocks of {@code
 * planes = width * 2^s}, stride 2 in the first block of stages 1 and up. A bottleneck block:
 * conv1x1 {@code -> planes}, BN, ReLU, conv k3 (the block's stride, padding 1) {@code -> planes},
 * BN, ReLU, conv1x1 {@code -> 4 planes}, BN. A basic block: conv k3 (stride, padding 1) {@code ->
 * planes}, BN, ReLU, conv k3 {@code -> planes}, BN. Plus the shortcut (conv1x1 with the block's
 * stride and BN where the shape changes, identity otherwise), ReLU. Head: global average pool,
 * linear {@code features -> head}, ReLU (the penultimate output), linear {@code head -> labels}.
 *
 * <p>Weight names (PyTorch style): {@code stem.conv.weight [width, leads, 7]}, {@code stem.bn.*};
 * {@code layers.<s>.<b>.conv1.weight}, {@code .bn1.*}, {@code .conv2.weight}, {@code .bn2.*},
 * (bottleneck: {@code .conv3.weight}, {@code .bn3.*}), {@code .downsample.conv.weight}, {@code
 * .downsample.bn.*}; {@code head.fc1.weight [head, features]}, {@code head.fc1.bias}, {@code
 * head.fc2.weight [labels, head]}, {@code head.fc2.bias}. A batch norm {@code p} has {@code
 * p.weight}, {@code p.bias}, {@code p.running_mean}, {@code p.running_var} (epsilon {@link
 * #BN_EPSILON}).
 */
public record ResNet1dArchitecture(
    int leads, int samples, List<Integer> blocks, int width, int head, int labels, boolean basic)
    implements Architecture {

  public static final String TYPE = "resnet1d";
  public static final int EXPANSION = 4;
  public static final int STEM_KERNEL = 7;
  public static final float BN_EPSILON = Layer.BatchNorm.EPSILON;

  public ResNet1dArchitecture {
    blocks = List.copyOf(blocks);
    boolean countsOk = blocks.stream().allMatch(b -> b != null && b >= 1);
    if (!basic && (blocks.size() != 4 || !countsOk)) {
      throw new IllegalArgumentException(
          "Cannot build resnet1d: blocks must be 4 positive counts: " + blocks);
    }
    if (basic && (blocks.isEmpty() || blocks.size() > 4 || !countsOk)) {
      throw new IllegalArgumentException(
          "Cannot build resnet1d: basic blocks must be 1 to 4 positive counts: " + blocks);
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

  /** A bottleneck ResNet (the paper's block). */
  public ResNet1dArchitecture(
      int leads, int samples, List<Integer> blocks, int width, int head, int labels) {
    this(leads, samples, blocks, width, head, labels, false);
  }

  /** The paper's ResNet1d101 on 12 leads x 1000 samples (100 Hz, 10 s). */
  public static ResNet1dArchitecture resnet1d101(int labels) {
    return new ResNet1dArchitecture(12, 1000, List.of(3, 4, 23, 3), 64, 512, labels);
  }

  /**
   * {@code resnet1d-small}: stem 12 -> 32, three basic residual blocks (32, 64, 128 channels), head
   * 64: 120,832 trainable values + 65 x labels (and 1,344 batch-norm statistics); about 125k.
   */
  public static ResNet1dArchitecture resnet1dSmall(int labels) {
    return new ResNet1dArchitecture(12, 1000, List.of(1, 1, 1), 32, 64, labels, true);
  }

  /** A tiny bottleneck variant for tests and the random-weight demo zoo: width 8, head 32. */
  public static ResNet1dArchitecture small(int labels) {
    return new ResNet1dArchitecture(12, 1000, List.of(1, 1, 1, 1), 8, 32, labels);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ResNet1dArchitecture withLabels(int n) {
    return new ResNet1dArchitecture(leads, samples, blocks, width, head, n, basic);
  }

  private int expansion() {
    return basic ? 1 : EXPANSION;
  }

  /** One residual block: its weight-name prefix, channels in, planes, stride, projection. */
  public record Block(String prefix, int in, int planes, int out, int stride, boolean downsample) {}

  public List<Block> residualBlocks() {
    List<Block> out = new ArrayList<>();
    int in = width;
    for (int s = 0; s < blocks.size(); s++) {
      int planes = width << s;
      int o = planes * expansion();
      for (int b = 0; b < blocks.get(s); b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        boolean down = b == 0 && (stride != 1 || in != o);
        out.add(new Block("layers." + s + "." + b, in, planes, o, stride, down));
        in = o;
      }
    }
    return out;
  }

  /** Channels entering the head: the last stage's output. */
  public int features() {
    return (width << (blocks.size() - 1)) * expansion();
  }

  @Override
  public List<Layer> body() {
    List<Layer> l = new ArrayList<>();
    l.add(new Layer.Conv("stem.conv", leads, width, STEM_KERNEL, 2, 3));
    l.add(new Layer.BatchNorm("stem.bn", width, false));
    l.add(new Layer.Relu());
    l.add(new Layer.MaxPool(3, 2, 1));
    for (Block b : residualBlocks()) {
      String p = b.prefix();
      List<Layer> main = new ArrayList<>();
      if (basic) {
        main.add(new Layer.Conv(p + ".conv1", b.in(), b.planes(), 3, b.stride(), 1));
        main.add(new Layer.BatchNorm(p + ".bn1", b.planes(), false));
        main.add(new Layer.Relu());
        main.add(new Layer.Conv(p + ".conv2", b.planes(), b.planes(), 3, 1, 1));
        main.add(new Layer.BatchNorm(p + ".bn2", b.planes(), true));
      } else {
        main.add(new Layer.Conv(p + ".conv1", b.in(), b.planes(), 1, 1, 0));
        main.add(new Layer.BatchNorm(p + ".bn1", b.planes(), false));
        main.add(new Layer.Relu());
        main.add(new Layer.Conv(p + ".conv2", b.planes(), b.planes(), 3, b.stride(), 1));
        main.add(new Layer.BatchNorm(p + ".bn2", b.planes(), false));
        main.add(new Layer.Relu());
        main.add(new Layer.Conv(p + ".conv3", b.planes(), b.out(), 1, 1, 0));
        main.add(new Layer.BatchNorm(p + ".bn3", b.out(), true));
      }
      List<Layer> shortcut = new ArrayList<>();
      if (b.downsample()) {
        shortcut.add(new Layer.Conv(p + ".downsample.conv", b.in(), b.out(), 1, b.stride(), 0));
        shortcut.add(new Layer.BatchNorm(p + ".downsample.bn", b.out(), false));
      }
      l.add(new Layer.Residual(main, shortcut));
    }
    l.add(new Layer.GlobalAvgPool());
    l.add(new Layer.Linear("head.fc1", features(), head));
    l.add(new Layer.Relu());
    return l;
  }

  @Override
  public Layer.Linear classifier() {
    return new Layer.Linear("head.fc2", head, labels);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("blocks", blocks);
    m.put("width", width);
    m.put("head", head);
    if (basic) {
      m.put("block", "basic");
    }
    return m;
  }
}
