package org.melep.inference;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.melep.onnx.Architecture;
import org.melep.onnx.BiLstmArchitecture;
import org.melep.onnx.ResNet1dArchitecture;
import org.melep.onnx.Tensor;
import org.melep.onnx.Weights;

/**
 * An {@link Architecture} as a DJL block (PyTorch engine), with the DJL parameter behind each
 * canonical weight name, so that the same {@link Weights} give the same network as the ONNX
 * export. The {@code djl} checkpoint format is the parameter file DJL's {@code Model.save} writes
 * for this block ({@code <name>-0000.params}); the manifest's {@code architecture} field says how
 * to rebuild the block before loading it.
 *
 * <p>The Bi-LSTM is a forward LSTM plus a forward LSTM over the time-reversed sequence (flipped
 * back), concatenated per step: DJL's own bidirectional LSTM with biases orders its parameters
 * unlike PyTorch's and gives wrong results.
 */
public final class DjlNetwork {
  static final String ENGINE = "PyTorch";
  static final String PREFIX = "model";

  private final Architecture architecture;
  private final Block block;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();

  private DjlNetwork(Architecture architecture, boolean sigmoid) {
    this.architecture = architecture;
    SequentialBlock net;
    if (architecture instanceof ResNet1dArchitecture r) {
      net = resnet(r);
    } else if (architecture instanceof BiLstmArchitecture b) {
      net = bilstm(b);
    } else {
      throw new IllegalArgumentException("Cannot build DJL network: unknown architecture: " + architecture);
    }
    if (sigmoid) {
      net.add(Activation.sigmoidBlock());
    }
    this.block = net;
  }

  /** The block for this architecture; with {@code sigmoid} it outputs probabilities. */
  public static DjlNetwork of(Architecture architecture, boolean sigmoid) {
    return new DjlNetwork(architecture, sigmoid);
  }

  public Block block() {
    return block;
  }

  public Shape inputShape(long batch) {
    return new Shape(batch, architecture.leads(), architecture.samples());
  }

  /** DJL's parameter file ({@code Model.save}) for these weights: the {@code djl} format. */
  public byte[] toParams(Weights weights) {
    Path dir = null;
    try (Model model = Model.newInstance(PREFIX, ENGINE)) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(1));
      assign(weights);
      dir = Files.createTempDirectory("melep-djl-save");
      model.save(dir, PREFIX);
      return Files.readAllBytes(dir.resolve(PREFIX + "-0000.params"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write DJL parameters: " + e.getMessage(), e);
    } finally {
      DjlRunner.deleteQuietly(dir);
    }
  }

  /**
   * Checks that loaded parameters have the shapes the architecture needs: DJL takes the shapes
   * stored in the parameter file, so a file saved for another size would otherwise run as that
   * other network.
   */
  void checkLoadedShapes(String checkpoint) {
    Weights expected = architecture.randomWeights(0);
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      long[] actual = e.getValue().getArray().getShape().getShape();
      long[] wanted = expected.asMap().get(e.getKey()).shape();
      if (!Arrays.equals(actual, wanted)) {
        throw new InferenceException(
            checkpoint,
            null,
            "parameter "
                + e.getKey()
                + " has shape "
                + Arrays.toString(actual)
                + " but the manifest's architecture "
                + architecture.describe()
                + " needs "
                + Arrays.toString(wanted));
      }
    }
  }

  private void assign(Weights weights) {
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

  private SequentialBlock resnet(ResNet1dArchitecture a) {
    SequentialBlock net = new SequentialBlock();
    net.add(conv("stem.conv", a.width(), ResNet1dArchitecture.STEM_KERNEL, 2, 3));
    net.add(bn("stem.bn"));
    net.add(Activation.reluBlock());
    net.add(Pool.maxPool1dBlock(new Shape(3), new Shape(2), new Shape(1)));
    for (ResNet1dArchitecture.Bottleneck b : a.bottlenecks()) {
      String p = b.prefix();
      SequentialBlock main =
          new SequentialBlock()
              .add(conv(p + ".conv1", b.planes(), 1, 1, 0))
              .add(bn(p + ".bn1"))
              .add(Activation.reluBlock())
              .add(conv(p + ".conv2", b.planes(), 3, b.stride(), 1))
              .add(bn(p + ".bn2"))
              .add(Activation.reluBlock())
              .add(conv(p + ".conv3", b.out(), 1, 1, 0))
              .add(bn(p + ".bn3"));
      Block shortcut =
          b.downsample()
              ? new SequentialBlock()
                  .add(conv(p + ".downsample.conv", b.out(), 1, b.stride(), 0))
                  .add(bn(p + ".downsample.bn"))
              : Blocks.identityBlock();
      net.add(
          new ParallelBlock(
              list -> new NDList(Activation.relu(list.get(0).head().add(list.get(1).head()))),
              Arrays.asList(main, shortcut)));
    }
    net.add(Pool.globalAvgPool1dBlock());
    net.add(Blocks.batchFlattenBlock());
    net.add(linear("head.fc1", a.head()));
    net.add(Activation.reluBlock());
    net.add(linear("head.fc2", a.labels()));
    return net;
  }

  private SequentialBlock bilstm(BiLstmArchitecture a) {
    SequentialBlock net = new SequentialBlock();
    net.add(LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "to_nlc"));
    LSTM forward = lstm("", a.hidden());
    SequentialBlock backward =
        new SequentialBlock()
            // DJL's LSTM appends its initial states to the shared input list: read the head only
            .add(new LambdaBlock(list -> new NDList(list.head().flip(1)), "reverse_time"))
            .add(lstm("_reverse", a.hidden()))
            // the PyTorch engine's LSTM also returns its final states: keep the sequence only
            .add(new LambdaBlock(list -> new NDList(list.head().flip(1)), "restore_time"));
    net.add(
        new ParallelBlock(
            list -> new NDList(NDArrays.concat(new NDList(list.get(0).head(), list.get(1).head()), 2)),
            List.of(forward, backward)));
    net.add(Blocks.batchFlattenBlock());
    net.add(linear("fc", a.labels()));
    return net;
  }

  private LSTM lstm(String suffix, int hidden) {
    LSTM lstm =
        LSTM.builder()
            .setStateSize(hidden)
            .setNumLayers(1)
            .optBatchFirst(true)
            .optHasBiases(true)
            .optReturnState(false)
            .build();
    bind("lstm.weight_ih_l0" + suffix, lstm, "l_0_i2h_WEIGHT");
    bind("lstm.weight_hh_l0" + suffix, lstm, "l_0_h2h_WEIGHT");
    bind("lstm.bias_ih_l0" + suffix, lstm, "l_0_i2h_BIAS");
    bind("lstm.bias_hh_l0" + suffix, lstm, "l_0_h2h_BIAS");
    return lstm;
  }

  private Block conv(String name, int filters, int kernel, int stride, int pad) {
    Block conv =
        Conv1d.builder()
            .setKernelShape(new Shape(kernel))
            .setFilters(filters)
            .optStride(new Shape(stride))
            .optPadding(new Shape(pad))
            .optBias(false)
            .build();
    bind(name + ".weight", conv, "weight");
    return conv;
  }

  private Block bn(String name) {
    Block bn = BatchNorm.builder().optEpsilon(ResNet1dArchitecture.BN_EPSILON).build();
    bind(name + ".weight", bn, "gamma");
    bind(name + ".bias", bn, "beta");
    bind(name + ".running_mean", bn, "runningMean");
    bind(name + ".running_var", bn, "runningVar");
    return bn;
  }

  private Block linear(String name, int units) {
    Block linear = Linear.builder().setUnits(units).optBias(true).build();
    bind(name + ".weight", linear, "weight");
    bind(name + ".bias", linear, "bias");
    return linear;
  }

  private void bind(String canonical, Block block, String djlName) {
    Parameter p = block.getDirectParameters().get(djlName);
    if (p == null) {
      throw new IllegalStateException("Cannot find DJL parameter " + djlName + " for " + canonical);
    }
    parameters.put(canonical, p);
  }
}
