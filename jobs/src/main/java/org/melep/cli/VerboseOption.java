package org.melep.cli;

import picocli.CommandLine;

/**
 * The {@code --verbose} flag of the {@code melep} root command, inherited by every subcommand: an
 * error then also prints its stack trace (without it, an error is one line).
 */
public class VerboseOption {
  /** The flag's long name. */
  public static final String VERBOSE = "--verbose";

  @CommandLine.Option(
      names = VERBOSE,
      scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, also print its stack trace.")
  boolean verbose;

  /** Whether {@code --verbose} was given, before or after the subcommand. */
  public static boolean enabled(CommandLine commandLine) {
    for (CommandLine c = commandLine; c != null; c = c.getParent()) {
      CommandLine.Model.OptionSpec o = c.getCommandSpec().findOption(VERBOSE);
      if (o != null && Boolean.TRUE.equals(o.getValue())) {
        return true;
      }
    }
    return false;
  }
}
