package org.melep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Common base of all subcommands: named exit codes, inherited verbosity, help. */
@CommandLine.Command(mixinStandardHelpOptions = true)
public abstract class BaseCommand implements Callable<Integer> {
  /** The command finished and wrote its outputs. */
  public static final int EXIT_OK = 0;

  /** An unexpected failure inside melep or Spark. */
  public static final int EXIT_INTERNAL_ERROR = 1;

  /** The command line, a configuration file or a path is invalid (missing input, unsafe output). */
  public static final int EXIT_INVALID_INPUT = 2;

  /** An input table or file holds data melep cannot use (named in the message). */
  public static final int EXIT_BAD_DATA = 3;

  /** Some checkpoints failed (named, with the reason); every other one was scored and written. */
  public static final int EXIT_PARTIAL = 4;

  @CommandLine.Spec protected CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return doCall();
  }

  protected abstract int doCall() throws Exception;

  /**
   * The output-safety check of a writing command: add its inputs and outputs, then {@code check()}
   * before any Spark work (see {@code docs/safety.md}).
   */
  protected org.melep.io.OutputGuard outputGuard() {
    return new org.melep.io.OutputGuard(org.melep.spark.SparkSessions.hadoopConf());
  }

  protected java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
