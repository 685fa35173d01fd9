package org.melep.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.LSTM;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Architecture}'s layer list as DJL blocks (PyTorch engine), with the DJL parameter
 * behind each canonical weight name. The network is one flat {@link SequentialBlock}: the body's
 * blocks, then the head's {@link Linear}; {@link #body()} runs the same blocks without the head
 * (the penultimate output, for linear probes).
 *
 * <p>The Bi-LSTM is a forward LSTM plus a forward LSTM over the time-reversed sequence (flipped
 * back), concatenated per step: DJL's own bidirectional LSTM with biases orders its parameters
 * unlike PyTorch's and gives wrong results.
 */
public final class DjlBlocks {
  private final Architecture architecture;
  private final SequentialBlock network = new SequentialBlock();
  private final SequentialBlock body = new SequentialBlock();
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, Parameter> headParameters = new LinkedHashMap<>();

  private DjlBlocks(Architecture architecture) {
    this.architecture = architecture;
    for (Layer layer : architecture.body()) {
      for (Block b : blocks(layer, parameters)) {
        network.add(b);
        body.add(b);
      }
    }
    Block head = linear(architecture.classifier(), headParameters);
    parameters.putAll(headParameters);
    network.add(head);
  }

  public static DjlBlocks of(Architecture architecture) {
    return new DjlBlocks(architecture);
  }

  public Architecture architecture() {
    return architecture;
  }

  /** The whole network, logits out; initialise it before use. */
  public SequentialBlock network() {
    return network;
  }

  /** The body's blocks (shared with {@link #network()}): the penultimate output. */
  public SequentialBlock body() {
    return body;
  }

  public Shape inputShape(long batch) {
    return new Shape(batch, architecture.leads(), architecture.samples());
  }

  /** Canonical weight name -> DJL parameter, in layer order (valid once initialised). */
  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The head's parameters (a subset of {@link #parameters()}). */
  public Map<String, Parameter> headParameters() {
    return Collections.unmodifiableMap(headParameters);
  }

  /** Copies {@code weights} into the initialised parameters; every parameter must be given. */
  public void assign(Weights weights) {
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray array = e.getValue().getArray();
      long[] shape = array.getShape().getShape();
      Tensor t = weights.get(e.getKey(), shape);
      array.set(FloatBuffer.wrap(t.data()));
    }
    if (weights.size() != parameters.size()) {
      throw new IllegalArgumentException(
          "Cannot assign weights: "
              + weights.size()
              + " tensors for "
              + parameters.size()
              + " parameters of "
              + architecture.type()
              + ", unused: "
              + weights.names().stream().filter(n -> !parameters.containsKey(n)).toList());
    }
  }

  /** The current parameter values as canonical weights. */
  public Weights weights() {
    Weights w = new Weights();
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      NDArray a = e.getValue().getArray();
      w.put(e.getKey(), a.toFloatArray(), a.getShape().getShape());
    }
    return w;
  }

  /** The first loaded parameter whose shape differs from what the architecture needs, or null. */
  public String shapeMismatch() {
    Weights expected = architecture.randomWeights(0);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      long[] actual = e.getValue().getArray().getShape().getShape();
      long[] wanted = expected.asMap().get(e.getKey()).shape();
      if (!Arrays.equals(actual, wanted)) {
        return "parameter "
            + e.getKey()
            + " has shape "
            + Arrays.toString(actual)
            + " but the manifest's architecture "
            + architecture.describe()
            + " needs "
            + Arrays.toString(wanted);
      }
    }
    return null;
  }

  private List<Block> blocks(Layer layer, Map<String, Parameter> into) {
    if (layer instanceof Layer.Conv c) {
      return List.of(conv(c, into));
    } else if (layer instanceof Layer.BatchNorm b) {
      return List.of(bn(b, into));
    } else if (layer instanceof Layer.Relu) {
      return List.of(Activation.reluBlock());
    } else if (layer instanceof Layer.MaxPool m) {
      return List.of(
          Pool.maxPool1dBlock(new Shape(m.kernel()), new Shape(m.stride()), new Shape(m.pad())));
    } else if (layer instanceof Layer.AvgPool a) {
      return List.of(
          Pool.avgPool1dBlock(new Shape(a.kernel()), new Shape(a.kernel()), new Shape(0)));
    } else if (layer instanceof Layer.Residual r) {
      SequentialBlock main = new SequentialBlock();
      for (Layer l : r.main()) {
        main.addAll(blocks(l, into));
      }
      Block shortcut;
      if (r.shortcut().isEmpty()) {
        shortcut = Blocks.identityBlock();
      } else {
        SequentialBlock s = new SequentialBlock();
        for (Layer l : r.shortcut()) {
          s.addAll(blocks(l, into));
        }
        shortcut = s;
      }
      return List.of(
          new ParallelBlock(
              list -> new NDList(Activation.relu(list.get(0).head().add(list.get(1).head()))),
              Arrays.asList(main, shortcut)));
    } else if (layer instanceof Layer.GlobalAvgPool) {
      return List.of(Pool.globalAvgPool1dBlock(), Blocks.batchFlattenBlock());
    } else if (layer instanceof Layer.BiLstm l) {
      LSTM forward = lstm(l, "", into);
      SequentialBlock backward =
          new SequentialBlock()
              // DJL's LSTM appends its initial states to the shared input list: read the head only
              .add(new LambdaBlock(list -> new NDList(list.head().flip(1)), "reverse_time"))
              .add(lstm(l, "_reverse", into))
              // the PyTorch engine's LSTM also returns its final states: keep the sequence only
              .add(new LambdaBlock(list -> new NDList(list.head().flip(1)), "restore_time"));
      return List.of(
          LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "to_nlc"),
          new ParallelBlock(
              list ->
                  new NDList(
                      NDArrays.concat(new NDList(list.get(0).head(), list.get(1).head()), 2)),
              List.of(forward, backward)),
          l.readout() == Layer.BiLstm.Readout.MEAN
              // [N, steps, 2 hidden] -> [N, 2 hidden]: the mean over the steps
              ? LambdaBlock.singleton(x -> x.mean(new int[] {1}), "mean_over_steps")
              : Blocks.batchFlattenBlock());
    } else if (layer instanceof Layer.Linear f) {
      return List.of(linear(f, into));
    }
    throw new IllegalArgumentException("Cannot build DJL block: unknown layer: " + layer);
  }

  private static LSTM lstm(Layer.BiLstm l, String suffix, Map<String, Parameter> into) {
    LSTM lstm =
        LSTM.builder()
            .setStateSize(l.hidden())
            .setNumLayers(1)
            .optBatchFirst(true)
            .optHasBiases(true)
            .optReturnState(false)
            .build();
    bind(into, l.name() + ".weight_ih_l0" + suffix, lstm, "l_0_i2h_WEIGHT");
    bind(into, l.name() + ".weight_hh_l0" + suffix, lstm, "l_0_h2h_WEIGHT");
    bind(into, l.name() + ".bias_ih_l0" + suffix, lstm, "l_0_i2h_BIAS");
    bind(into, l.name() + ".bias_hh_l0" + suffix, lstm, "l_0_h2h_BIAS");
    return lstm;
  }

  private static Block conv(Layer.Conv c, Map<String, Parameter> into) {
    Block conv =
        Conv1d.builder()
            .setKernelShape(new Shape(c.kernel()))
            .setFilters(c.out())
            .optStride(new Shape(c.stride()))
            .optPadding(new Shape(c.pad()))
            .optBias(false)
            .build();
    bind(into, c.name() + ".weight", conv, "weight");
    return conv;
  }

  private static Block bn(Layer.BatchNorm b, Map<String, Parameter> into) {
    Block bn = BatchNorm.builder().optEpsilon(Layer.BatchNorm.EPSILON).build();
    bind(into, b.name() + ".weight", bn, "gamma");
    bind(into, b.name() + ".bias", bn, "beta");
    bind(into, b.name() + ".running_mean", bn, "runningMean");
    bind(into, b.name() + ".running_var", bn, "runningVar");
    return bn;
  }

  private static Block linear(Layer.Linear f, Map<String, Parameter> into) {
    Block linear = Linear.builder().setUnits(f.out()).optBias(true).build();
    bind(into, f.name() + ".weight", linear, "weight");
    bind(into, f.name() + ".bias", linear, "bias");
    return linear;
  }

  private static void bind(Map<String, Parameter> into, String canonical, Block block, String djl) {
    Parameter p = block.getDirectParameters().get(djl);
    if (p == null) {
      throw new IllegalStateException("Cannot find DJL parameter " + djl + " for " + canonical);
    }
    into.put(canonical, p);
  }
}
