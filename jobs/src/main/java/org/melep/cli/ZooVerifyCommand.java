package org.melep.cli;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.melep.inference.RunnerOptions;
import org.melep.inference.ZooVerifier;
import org.melep.zoo.ZooManifest;
import picocli.CommandLine;

/**
 * {@code melep zoo verify --zoo Z}: checks every checkpoint (reachable, hash, loads, shapes) on
 * this machine without Spark and prints a table; exit code 3 when any fails.
 */
@CommandLine.Command(
    name = "verify",
    description =
        "Check every checkpoint of a zoo manifest: file reachable, sha256, model loads, shapes.")
public class ZooVerifyCommand extends BaseCommand {
  @CommandLine.Option(
      names = "--zoo",
      required = true,
      description = "Zoo manifest (YAML/JSON, any Hadoop path).")
  String zoo;

  @CommandLine.Option(
      names = "--threads",
      defaultValue = "1",
      description = "ONNX Runtime / PyTorch threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Override
  protected int doCall() {
    Configuration conf = new Configuration();
    ZooManifest manifest = ZooManifest.read(zoo, conf);
    List<ZooVerifier.Check> checks = ZooVerifier.verify(manifest, conf, RunnerOptions.cpu(threads));
    int width = "checkpoint".length();
    for (ZooVerifier.Check c : checks) {
      width = Math.max(width, c.checkpoint().length());
    }
    String row = "%-" + width + "s  %-11s  %6s  %-6s  %s%n";
    out().printf(row, "checkpoint", "format", "labels", "status", "detail");
    int failed = 0;
    for (ZooVerifier.Check c : checks) {
      out()
          .printf(
              row, c.checkpoint(), c.format(), c.labels(), c.ok() ? "OK" : "FAILED", c.detail());
      failed += c.ok() ? 0 : 1;
    }
    out().printf("%d checkpoint(s), %d failed%n", checks.size(), failed);
    out().flush();
    return failed == 0 ? EXIT_OK : EXIT_BAD_DATA;
  }
}
