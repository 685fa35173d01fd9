package org.melep.cli;

import java.io.PrintWriter;
import org.melep.config.ConfigDefaults;
import org.melep.config.ConfigOption;
import org.melep.progress.ProgressOption;
import org.melep.spark.SparkSessions;
import picocli.CommandLine;

/**
 * The {@code melep} command line, also the {@code spark-submit} main class.
 *
 * <p>Each subcommand is a class of its own in this package; this class only wires them and maps
 * failures to exit codes.
 */
@CommandLine.Command(
    name = "melep",
    mixinStandardHelpOptions = true,
    versionProvider = MelepCommand.Version.class,
    description = "Ranks pretrained ECG classifiers by MELEP (multi-label LEEP) on Apache Spark.",
    subcommands = {
      CommandLine.HelpCommand.class,
      SimulateCommand.class,
      IngestCommand.class,
      FoldsCommand.class,
      ZooCommand.class,
      PredictCommand.class,
      ScoreCommand.class,
      TrainCommand.class,
      ReportCommand.class,
    })
public class MelepCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code --config FILE}: option defaults (see {@link ConfigDefaults}). */
  @CommandLine.Mixin ConfigOption config;

  /** {@code -q/--quiet}, inherited by every subcommand (see {@link ProgressOption#enabled}). */
  @CommandLine.Mixin ProgressOption progress;

  /** {@code --verbose}, inherited by every subcommand: stack traces with errors. */
  @CommandLine.Mixin VerboseOption verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    int status =
        commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
            .execute(args);
    if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
      // a Databricks JAR task must neither stop the shared context nor call System.exit
      if (status != BaseCommand.EXIT_OK) {
        throw new IllegalStateException(
            "melep " + String.join(" ", args) + " failed with exit code " + status);
      }
      return;
    }
    SparkSessions.stopDefault();
    System.exit(status);
  }

  /** The configured command line, writing to the given streams (tests pass their own). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new MelepCommand());
    cli.setOut(out);
    cli.setErr(err);
    ConfigDefaults.install(cli);
    // a wrong option, on the command line or in the config file: one line, exit 2 (no usage text)
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine at = ex.getCommandLine();
          String line = ErrorReport.firstLine(ex.getMessage());
          if (!line.startsWith("Cannot ")) {
            line += " (see '" + at.getCommandSpec().qualifiedName() + " --help')";
          }
          at.getErr().println("melep: " + line);
          if (VerboseOption.enabled(at)) {
            ex.printStackTrace(at.getErr());
          }
          at.getErr().flush();
          return BaseCommand.EXIT_INVALID_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          ErrorReport report = ErrorReport.of(ex);
          commandLine.getErr().println("melep: " + report.line());
          if (VerboseOption.enabled(commandLine)) {
            ex.printStackTrace(commandLine.getErr());
          }
          commandLine.getErr().flush();
          return report.status();
        });
    return cli;
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = MelepCommand.class.getPackage().getImplementationVersion();
      return new String[] {"melep " + (v == null ? "dev" : v)};
    }
  }
}
