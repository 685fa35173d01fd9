package org.melep.progress;

import picocli.CommandLine;

/**
 * The {@code -q/--quiet} flag of the {@code melep} root command, inherited by every subcommand
 * ({@code melep score --quiet ...} and {@code melep --quiet score ...} both work).
 */
public class ProgressOption {
  /** The flag's long name. */
  public static final String QUIET = "--quiet";

  @CommandLine.Option(
      names = {"-q", QUIET},
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "No progress line on stderr (also off when not on a terminal, or MELEP_PROGRESS=0).")
  boolean quiet;

  /**
   * Whether the command line asks for a progress line: false when {@code --quiet} was given (or set
   * in the configuration file); pass it to {@link ConsoleProgress#install}.
   */
  public static boolean enabled(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.OptionSpec quiet = spec.root().findOption(QUIET);
    return quiet == null || !Boolean.TRUE.equals(quiet.getValue());
  }
}
