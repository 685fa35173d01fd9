package org.melep.train;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.melep.inference.CheckpointFiles;
import org.melep.inference.DjlNetwork;
import org.melep.io.AtomicOutput;
import org.melep.labels.LabelSets;
import org.melep.model.Architecture;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;
import org.melep.onnx.OnnxExport;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.PlainFiles;
import org.melep.zoo.ZooManifest;

/**
 * Writes a small zoo of seeded random checkpoints and its manifest ({@code zoo.yaml}) for demos and
 * tests: a small ResNet1d (ONNX, cpsc labels, logits), a small Bi-LSTM (ONNX, georgia labels,
 * probabilities) and a small ResNet1d in DJL's format (ptbxl labels, logits). The weights are
 * random, so the predictions mean nothing; the files and hashes are the same for the same seed.
 */
public final class DemoZoo {
  public static final String MANIFEST = "zoo.yaml";

  /** The command recorded in the zoo folder's marker (see {@link AtomicOutput}). */
  public static final String COMMAND = "zoo demo";

  /** One demo checkpoint: name, label set, architecture, format, output kind. */
  public record Entry(
      String name, String labelSet, Architecture architecture, ModelFormat format, boolean probs) {
    String fileName() {
      return name + (format == ModelFormat.ONNX ? ".onnx" : ".params");
    }
  }

  private DemoZoo() {}

  public static List<Entry> entries() {
    int cpsc = LabelSets.defaults().labelSet("cpsc").labels().size();
    int georgia = LabelSets.defaults().labelSet("georgia").labels().size();
    int ptbxl = LabelSets.defaults().labelSet("ptbxl").labels().size();
    return List.of(
        new Entry(
            "resnet1d-cpsc", "cpsc", ResNet1dArchitecture.small(cpsc), ModelFormat.ONNX, false),
        new Entry(
            "bilstm-georgia", "georgia", BiLstmArchitecture.small(georgia), ModelFormat.ONNX, true),
        new Entry(
            "resnet1d-ptbxl-djl",
            "ptbxl",
            ResNet1dArchitecture.small(ptbxl),
            ModelFormat.DJL,
            false));
  }

  /**
   * Writes the checkpoints and {@code zoo.yaml} to the folder {@code dir}, replacing it atomically
   * (only an absent or empty folder, or an earlier demo zoo); returns the manifest read back.
   */
  public static ZooManifest write(String dir, long seed, Configuration conf) {
    return write(dir, seed, entries(), conf);
  }

  public static ZooManifest write(String dir, long seed, List<Entry> entries, Configuration conf) {
    Path root = new Path(dir);
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Demo zoo written by `melep zoo demo --seed ").append(seed).append("`:\n");
    yaml.append(
        "# seeded RANDOM weights, for pipeline demos and tests only (predictions mean nothing).\n");
    yaml.append("# Format: see docs/zoo.md and conf/zoo.example.yaml.\n");
    yaml.append("description: melep demo zoo (seed ").append(seed).append(")\n");
    yaml.append("checkpoints:\n");
    AtomicOutput output = new AtomicOutput(dir, COMMAND, conf);
    Path staging = output.stagingPath();
    try {
      FileSystem fs = PlainFiles.of(staging, conf);
      fs.mkdirs(staging);
      long s = seed;
      for (Entry e : entries) {
        Architecture a = e.architecture();
        var weights = a.randomWeights(s++);
        byte[] bytes =
            e.format() == ModelFormat.ONNX
                ? OnnxExport.toOnnx(a, weights, e.probs())
                : DjlNetwork.of(a, e.probs()).toParams(weights);
        write(fs, new Path(staging, e.fileName()), bytes);
        yaml.append(entryYaml(e, CheckpointFiles.sha256(bytes)));
      }
      write(fs, new Path(staging, MANIFEST), yaml.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      output.abort(staging);
      throw new UncheckedIOException(
          "Cannot write demo zoo to " + dir + ": " + ex.getMessage(), ex);
    } catch (RuntimeException ex) {
      output.abort(staging);
      throw ex;
    }
    output.commit(staging);
    return ZooManifest.read(new Path(root, MANIFEST).toString(), conf);
  }

  private static String entryYaml(Entry e, String sha) {
    Architecture a = e.architecture();
    StringBuilder y = new StringBuilder();
    y.append("  - name: ").append(e.name()).append('\n');
    y.append("    uri: ").append(e.fileName()).append('\n');
    y.append("    sha256: \"").append(sha).append("\"\n");
    y.append("    format: ").append(e.format().id()).append('\n');
    y.append("    label_set: ").append(e.labelSet()).append('\n');
    y.append("    input: {fs: 100, samples: ")
        .append(a.samples())
        .append(", layout: NCL, normalize: none}\n");
    y.append("    output: ").append(e.probs() ? "probs" : "logits").append('\n');
    y.append("    labels: [")
        .append(String.join(", ", LabelSets.defaults().labelSet(e.labelSet()).labels()))
        .append("]\n");
    if (e.format() == ModelFormat.ONNX) {
      y.append("    features: ").append(Architecture.FEATURES).append('\n');
    }
    if (e.format() == ModelFormat.DJL) {
      y.append("    architecture: {");
      boolean first = true;
      for (Map.Entry<String, Object> kv : a.describe().entrySet()) {
        y.append(first ? "" : ", ").append(kv.getKey()).append(": ").append(kv.getValue());
        first = false;
      }
      y.append("}\n");
    }
    return y.toString();
  }

  private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(bytes);
    }
  }
}
