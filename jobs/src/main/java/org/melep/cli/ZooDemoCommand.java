package org.melep.cli;

import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;
import picocli.CommandLine;

/** {@code melep zoo demo --out DIR [--seed S]}: writes a small seeded demo zoo and its manifest. */
@CommandLine.Command(
    name = "demo",
    description =
        "Write a small demo zoo (2 ONNX + 1 DJL checkpoints with seeded random weights) and DIR/zoo.yaml.")
public class ZooDemoCommand extends BaseCommand {
  @CommandLine.Option(
      names = "--out",
      required = true,
      description = "Folder to write (any Hadoop path).")
  String out;

  @CommandLine.Option(
      names = "--seed",
      defaultValue = "1",
      description = "Weight seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  protected int doCall() {
    outputGuard().output(DemoZoo.COMMAND, out).check();
    ZooManifest zoo = DemoZoo.write(out, seed, org.melep.spark.SparkSessions.hadoopConf());
    for (CheckpointSpec c : zoo.checkpoints()) {
      out()
          .printf(
              "%-20s %-6s %2d labels  %s%n", c.name(), c.format().id(), c.labels().size(), c.uri());
    }
    out().printf("wrote %s/%s%n", out, DemoZoo.MANIFEST);
    out().flush();
    return EXIT_OK;
  }
}
