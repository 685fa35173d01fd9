package org.melep.cli;

import picocli.CommandLine;

/** {@code melep zoo}: checkpoint zoo tools (see {@code docs/zoo.md}). */
@CommandLine.Command(
    name = "zoo",
    mixinStandardHelpOptions = true,
    description = "Checkpoint zoo tools: verify a manifest, write a demo zoo.",
    subcommands = {ZooVerifyCommand.class, ZooDemoCommand.class})
public class ZooCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
