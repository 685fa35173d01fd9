package org.melep.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;

/**
 * Checks every checkpoint of a zoo on this machine: the file is reachable, its SHA-256 matches, the
 * model loads, its input and output shapes fit the manifest, and a batch of two flat records gives
 * finite outputs.
 */
public final class ZooVerifier {
  private ZooVerifier() {}

  /** One checkpoint's outcome: {@code ok} or the first failed check in {@code detail}. */
  public record Check(String checkpoint, String format, int labels, boolean ok, String detail) {}

  public static List<Check> verify(ZooManifest zoo, Configuration conf, RunnerOptions options) {
    List<Check> out = new ArrayList<>();
    for (CheckpointSpec spec : zoo.checkpoints()) {
      out.add(verify(spec, conf, options));
    }
    return out;
  }

  public static Check verify(CheckpointSpec spec, Configuration conf, RunnerOptions options) {
    String format = spec.format().id();
    int labels = spec.labels().size();
    try {
      byte[] bytes = CheckpointFiles.readVerified(spec, conf);
      try (ModelRunner runner = ModelRunners.open(spec, bytes, options)) {
        float[] out = runner.run(new float[2 * runner.recordSize()], 2);
        for (float v : out) {
          if (!Float.isFinite(v)) {
            return new Check(
                spec.name(), format, labels, false, "non-finite output " + v + " on a flat record");
          }
        }
        return new Check(
            spec.name(),
            format,
            labels,
            true,
            runner.describe()
                + ", input [N, "
                + Arrays.toString(runner.recordShape()).substring(1)
                + " -> [N, "
                + runner.outputs()
                + "], "
                + bytes.length
                + " bytes");
      }
    } catch (InferenceException e) {
      String m = e.getMessage();
      String prefix = "Cannot run checkpoint " + spec.name() + ": ";
      return new Check(
          spec.name(),
          format,
          labels,
          false,
          m.startsWith(prefix) ? m.substring(prefix.length()) : m);
    } catch (RuntimeException e) {
      return new Check(spec.name(), format, labels, false, e.toString());
    }
  }
}
