package org.melep.config;

import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The {@code --config FILE} option of the {@code melep} root command: {@code melep --config my.yaml
 * score ...}. It belongs to the root only ({@code melep simulate --config} is the simulator's own
 * settings file).
 */
public class ConfigOption {
  /** The option's name. */
  public static final String NAME = "--config";

  @CommandLine.Option(
      names = NAME,
      paramLabel = "FILE",
      description =
          "Defaults for command options (YAML, see docs/configuration.md); flags on the command"
              + " line win. Default: the system property "
              + ConfigDefaults.SYSTEM_PROPERTY
              + " (scripts/melep sets conf/melep.yaml), else none.")
  Path file;
}
