package org.melep.cli;

import picocli.CommandLine;

/**
 * {@code melep train}: pretrain source checkpoints, fine-tune them on folds (see {@code
 * docs/train.md}).
 */
@CommandLine.Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train checkpoints with DJL on Spark: pretrain source checkpoints, fine-tune them on every fold.",
    subcommands = {TrainPretrainCommand.class, TrainFinetuneCommand.class})
public class TrainCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
