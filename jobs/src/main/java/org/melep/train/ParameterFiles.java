package org.melep.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.melep.model.Architecture;
import org.melep.model.DjlBlocks;
import org.melep.model.Weights;

/** Reads the weights out of a {@code djl} parameter file ({@code Model.save} of the network). */
public final class ParameterFiles {
  private ParameterFiles() {}

  /** The file's weights by canonical name; the shapes must be those of {@code architecture}. */
  public static Weights read(String checkpoint, Architecture architecture, byte[] params) {
    Path dir = null;
    try (Model model = Model.newInstance("read-" + checkpoint, DjlTrainer.ENGINE)) {
      DjlBlocks blocks = DjlBlocks.of(architecture);
      model.setBlock(blocks.network());
      dir = Files.createTempDirectory("melep-train-load");
      Files.write(dir.resolve("model-0000.params"), params);
      model.load(dir, "model");
      String mismatch = blocks.shapeMismatch();
      if (mismatch != null) {
        throw new IllegalArgumentException(
            "Cannot fine-tune checkpoint " + checkpoint + ": " + mismatch);
      }
      return blocks.weights();
    } catch (IOException | MalformedModelException e) {
      throw new IllegalArgumentException(
          "Cannot fine-tune checkpoint "
              + checkpoint
              + ": DJL cannot load its parameters: "
              + e.getMessage(),
          e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temporary folder: leave it
    }
  }
}
