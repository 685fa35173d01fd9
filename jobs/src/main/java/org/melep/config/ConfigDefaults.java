package org.melep.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of command options from a {@link ConfigFile}: a picocli default value provider.
 *
 * <p>Precedence: a flag on the command line, else the file's value, else the option's annotated
 * {@code defaultValue}. The file is the root's {@code --config FILE} ({@link ConfigOption}), else
 * the system property {@value #SYSTEM_PROPERTY}, else there is none. Its top-level keys are command
 * names ({@code score}, {@code predict}, the root's own name {@code melep} for global options),
 * nested maps name subcommands ({@code zoo: {verify: {...}}}), and the other keys are options' long
 * names without dashes ({@code batch-size: 64}). The whole file is checked against the command
 * line's model when a default is first needed: an unknown command or option, an option that takes
 * no list given a list, or a value that is not a number/boolean where one is needed, is an error
 * naming the file and the key (exit code 2), never ignored.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  /** System property naming the configuration file when {@code --config} is not given. */
  public static final String SYSTEM_PROPERTY = "melep.config";

  private static final Pattern PLAIN_SEPARATOR = Pattern.compile("[^\\\\\\[\\](){}.*+?^$|]+");

  private String boundFile;
  private CommandSpec boundRoot;
  private Map<String, Map<String, String>> bound;

  /** Sets a configuration-file provider on {@code root} and all its subcommands. */
  public static void install(CommandLine root) {
    root.setDefaultValueProvider(new ConfigDefaults());
  }

  @Override
  public synchronized String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || arg.command() == null) {
      return null;
    }
    CommandSpec root = arg.command().root();
    if (isConfigOption(option)) {
      return null;
    }
    String file = location(root);
    if (file == null) {
      return null;
    }
    Map<String, Map<String, String>> values;
    try {
      values = bind(file, root);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          arg.command().commandLine(), e.getMessage(), e, arg, null);
    }
    Map<String, String> section = values.get(declaringCommand(option).qualifiedName());
    return section == null ? null : section.get(option.longestName());
  }

  /** The configuration file for this parse: {@code --config}, else the system property. */
  static String location(CommandSpec root) {
    OptionSpec config = root.findOption(ConfigOption.NAME);
    Object given = config == null ? null : config.getValue();
    if (given != null) {
      return given.toString();
    }
    String property = System.getProperty(SYSTEM_PROPERTY);
    return property == null || property.isBlank() ? null : property;
  }

  /**
   * Checks {@code file} against the commands of {@code root}: qualified command name -> option's
   * longest name -> default value text. Cached for the same file and model.
   */
  private Map<String, Map<String, String>> bind(String file, CommandSpec root) {
    if (bound == null || !file.equals(boundFile) || root != boundRoot) {
      ConfigFile config = ConfigFile.read(Path.of(file));
      Map<String, Map<String, String>> values = new HashMap<>();
      for (Map.Entry<String, Object> e : config.values().entrySet()) {
        String key = e.getKey();
        CommandSpec command = key.equals(root.name()) ? root : subcommand(root, key);
        if (command == null) {
          throw ConfigFile.error(
              config.source(),
              key,
              "unknown command (commands: " + String.join(", ", commandNames(root)) + ")");
        }
        section(config, key, command, e.getValue(), values);
      }
      boundFile = file;
      boundRoot = root;
      bound = values;
    }
    return bound;
  }

  private static void section(
      ConfigFile config,
      String path,
      CommandSpec command,
      Object body,
      Map<String, Map<String, String>> values) {
    if (body == null) {
      return;
    }
    if (!(body instanceof Map<?, ?> map)) {
      throw ConfigFile.error(
          config.source(), path, "a command: expected a map of its options, found a plain value");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = (String) e.getKey();
      String at = path + "." + key;
      CommandSpec sub = subcommand(command, key);
      if (sub != null) {
        section(config, at, sub, e.getValue(), values);
        continue;
      }
      OptionSpec option = configurable(command, key);
      if (option == null) {
        OptionSpec inherited = findLong(command, key);
        throw ConfigFile.error(
            config.source(),
            at,
            inherited != null && inherited.inherited()
                ? "a global option: set it under " + command.root().name() + ":"
                : "unknown option of command '"
                    + command.qualifiedName()
                    + "' (options: "
                    + String.join(", ", optionNames(command))
                    + ")");
      }
      values
          .computeIfAbsent(command.qualifiedName(), k -> new HashMap<>())
          .put(option.longestName(), text(config.source(), at, option, e.getValue()));
    }
  }

  /** The value as picocli parses a default: one string, lists joined with the option's split. */
  private static String text(String source, String at, OptionSpec option, Object value) {
    if (value == null) {
      throw ConfigFile.error(source, at, "no value");
    }
    if (value instanceof Map) {
      throw ConfigFile.error(source, at, "expected a value, found a map");
    }
    if (value instanceof List<?> list) {
      if (!option.isMultiValue()) {
        throw ConfigFile.error(source, at, "the option takes one value, found a list");
      }
      String split = option.splitRegex();
      if (list.size() != 1 && (split.isEmpty() || !PLAIN_SEPARATOR.matcher(split).matches())) {
        throw ConfigFile.error(source, at, "the option cannot take a list here: give one value");
      }
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        String s = (String) item;
        if (!split.isEmpty() && s.contains(split)) {
          throw ConfigFile.error(
              source, at, "a list item contains the separator '" + split + "': " + s);
        }
        check(source, at, option, s);
        items.add(s);
      }
      return String.join(split, items);
    }
    String s = (String) value;
    check(source, at, option, s);
    return s;
  }

  /** Numbers and booleans are checked here so that the error names the file, not just the flag. */
  private static void check(String source, String at, OptionSpec option, String value) {
    Class<?> type =
        option.isMultiValue() && option.auxiliaryTypes().length > 0
            ? option.auxiliaryTypes()[0]
            : option.type();
    try {
      if (type == int.class || type == Integer.class) {
        Integer.parseInt(value);
      } else if (type == long.class || type == Long.class) {
        Long.parseLong(value);
      } else if (type == double.class
          || type == Double.class
          || type == float.class
          || type == Float.class) {
        Double.parseDouble(value);
      } else if (type == boolean.class || type == Boolean.class) {
        String b = value.toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw ConfigFile.error(
          source,
          at,
          "expected " + type.getSimpleName().toLowerCase(Locale.ROOT) + ", found: " + value);
    }
  }

  private static CommandSpec subcommand(CommandSpec command, String name) {
    CommandLine sub = command.subcommands().get(name);
    return sub == null || sub.getCommandSpec().helpCommand() ? null : sub.getCommandSpec();
  }

  /** An option of this command the file may set: a long name, not help/version/--config, own. */
  private static OptionSpec configurable(CommandSpec command, String key) {
    OptionSpec option = findLong(command, key);
    if (option == null
        || option.inherited()
        || option.usageHelp()
        || option.versionHelp()
        || isConfigOption(option)) {
      return null;
    }
    return option;
  }

  private static OptionSpec findLong(CommandSpec command, String key) {
    if (key.startsWith("-")) {
      return null;
    }
    for (OptionSpec option : command.options()) {
      for (String name : option.names()) {
        if (name.equals("--" + key)) {
          return option;
        }
      }
    }
    return null;
  }

  private static boolean isConfigOption(OptionSpec option) {
    return option.command() != null
        && option.command().parent() == null
        && List.of(option.names()).contains(ConfigOption.NAME);
  }

  /** The command an inherited option was declared on (its value lives there). */
  private static CommandSpec declaringCommand(OptionSpec option) {
    CommandSpec command = option.command();
    while (command.parent() != null) {
      OptionSpec here = command.findOption(option.longestName());
      if (here == null || !here.inherited()) {
        break;
      }
      command = command.parent();
    }
    return command;
  }

  private static Set<String> commandNames(CommandSpec root) {
    Set<String> names = new TreeSet<>();
    names.add(root.name());
    for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
      if (!e.getValue().getCommandSpec().helpCommand()) {
        names.add(e.getKey());
      }
    }
    return names;
  }

  private static Set<String> optionNames(CommandSpec command) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec option : command.options()) {
      if (!option.inherited()
          && !option.usageHelp()
          && !option.versionHelp()
          && !isConfigOption(option)) {
        for (String name : option.names()) {
          if (name.startsWith("--")) {
            names.add(name.substring(2));
          }
        }
      }
    }
    for (Map.Entry<String, CommandLine> e : command.subcommands().entrySet()) {
      if (!e.getValue().getCommandSpec().helpCommand()) {
        names.add(e.getKey() + ":");
      }
    }
    return names;
  }
}
