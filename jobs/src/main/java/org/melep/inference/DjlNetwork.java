package org.melep.inference;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.melep.model.Architecture;
import org.melep.model.DjlBlocks;
import org.melep.model.Weights;

/**
 * An {@link Architecture} as a DJL block (PyTorch engine), built from the architecture's layer list
 * by {@link DjlBlocks}, so that the same {@link Weights} give the same network as the ONNX export.
 * The {@code djl} checkpoint format is the parameter file DJL's {@code Model.save} writes for this
 * block ({@code <name>-0000.params}); the manifest's {@code architecture} field says how to rebuild
 * the block before loading it.
 */
public final class DjlNetwork {
  static final String ENGINE = "PyTorch";
  static final String PREFIX = "model";

  private final DjlBlocks blocks;
  private final Block block;
  private final SequentialBlock head = new SequentialBlock();

  private DjlNetwork(Architecture architecture, boolean sigmoid) {
    this.blocks = DjlBlocks.of(architecture);
    SequentialBlock net = blocks.network();
    // the network's last block is the classifier, whose input is the feature output
    head.add(net.getChildren().get(net.getChildren().size() - 1).getValue());
    if (sigmoid) {
      Block probabilities = Activation.sigmoidBlock();
      net.add(probabilities);
      head.add(probabilities);
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

  /**
   * The body's blocks (shared with {@link #block()}): the feature output {@link
   * Architecture#FEATURES}, the input of the classifier, {@link #featureCount()} values per record.
   */
  Block features() {
    return blocks.body();
  }

  /**
   * The classifier (and the sigmoid, if any), shared with {@link #block()}: features to outputs.
   */
  Block head() {
    return head;
  }

  int featureCount() {
    return blocks.architecture().classifier().in();
  }

  public Shape inputShape(long batch) {
    return blocks.inputShape(batch);
  }

  /** DJL's parameter file ({@code Model.save}) for these weights: the {@code djl} format. */
  public byte[] toParams(Weights weights) {
    Path dir = null;
    try (Model model = Model.newInstance(PREFIX, ENGINE)) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(1));
      blocks.assign(weights);
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
    String mismatch = blocks.shapeMismatch();
    if (mismatch != null) {
      throw new InferenceException(checkpoint, null, mismatch);
    }
  }
}
