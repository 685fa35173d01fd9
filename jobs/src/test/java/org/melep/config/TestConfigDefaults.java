package org.melep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.cli.BaseCommand;
import org.melep.cli.MelepCommand;
import org.melep.progress.ProgressOption;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Option defaults from a configuration file, through the real {@code melep} command line. */
class TestConfigDefaults {
  private static final String[] SCORE = {
    "score", "--predictions", "p", "--targets", "t", "--out", "o"
  };
  private static Path dir;

  @BeforeAll
  static void tempDir() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "config-defaults");
  }

  @AfterEach
  void clearProperty() {
    System.clearProperty(ConfigDefaults.SYSTEM_PROPERTY);
  }

  private static Path config(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static String[] args(Path config, String... rest) {
    List<String> all = new ArrayList<>();
    if (config != null) {
      all.add("--config");
      all.add(config.toString());
    }
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  /** The spec of the (innermost) subcommand parsed from {@code args}. */
  private static CommandSpec parse(String... args) {
    CommandLine.ParseResult r = cli(new StringWriter()).parseArgs(args);
    while (r.hasSubcommand()) {
      r = r.subcommand();
    }
    return r.commandSpec();
  }

  private static CommandLine cli(StringWriter err) {
    return MelepCommand.commandLine(
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
  }

  private static Object value(CommandSpec spec, String option) {
    return spec.findOption(option).getValue();
  }

  private record Run(int status, String err) {}

  private static Run execute(String... args) {
    StringWriter err = new StringWriter();
    int status = cli(err).execute(args);
    return new Run(status, err.toString());
  }

  @Test
  void fileValuesAreUsedWhenTheFlagsAreAbsent() throws IOException {
    Path f =
        config(
            "values.yaml",
            "score:\n  split: test\n  weighting: [code, paper]\n  allow-missing: true\n");
    CommandSpec score = parse(args(f, SCORE));
    assertThat(value(score, "--split")).isEqualTo("test");
    assertThat(value(score, "--weighting")).isEqualTo(List.of("code", "paper"));
    assertThat(value(score, "--allow-missing")).isEqualTo(true);
    assertThat(value(score, "--format"))
        .as("not in the file: annotated default")
        .isEqualTo("parquet");
  }

  @Test
  void flagsOnTheCommandLineWinOverTheFile() throws IOException {
    Path f = config("override.yaml", "score:\n  split: test\n  weighting: code,paper\n");
    CommandSpec score = parse(args(f, concat(SCORE, "--split", "all", "--weighting", "uniform")));
    assertThat(value(score, "--split")).isEqualTo("all");
    assertThat(value(score, "--weighting")).isEqualTo(List.of("uniform"));
  }

  @Test
  void annotatedDefaultsApplyWithoutAFile() {
    CommandSpec score = parse(SCORE);
    assertThat(value(score, "--split")).isEqualTo("train");
    assertThat(value(score, "--weighting")).isEqualTo(List.of("code"));
    assertThat(value(score, "--allow-missing")).isEqualTo(false);
  }

  @Test
  void theSystemPropertyNamesTheFileUnlessConfigIsGiven() throws IOException {
    Path property = config("property.yaml", "predict:\n  batch-size: 8\n");
    Path flag = config("flag.yaml", "predict:\n  batch-size: 16\n");
    String[] predict = {"predict", "--corpus", "c", "--zoo", "z", "--out", "o"};
    System.setProperty(ConfigDefaults.SYSTEM_PROPERTY, property.toString());
    assertThat(value(parse(predict), "--batch-size")).isEqualTo(8);
    assertThat(value(parse(args(flag, predict)), "--batch-size")).isEqualTo(16);
    assertThat(value(parse(args(flag, concat(predict, "--batch-size", "4"))), "--batch-size"))
        .isEqualTo(4);
  }

  @Test
  void nestedSubcommandsAndGlobalOptions() throws IOException {
    Path f =
        config("nested.yaml", "melep:\n  quiet: true\nzoo:\n  verify:\n    threads: 3\n  demo:\n");
    CommandSpec verify = parse(args(f, "zoo", "verify", "--zoo", "z.yaml"));
    assertThat(verify.qualifiedName()).isEqualTo("melep zoo verify");
    assertThat(value(verify, "--threads")).isEqualTo(3);
    assertThat(ProgressOption.enabled(verify)).isFalse();
    assertThat(ProgressOption.enabled(parse(SCORE))).isTrue();
  }

  @Test
  void quietIsAGlobalFlagBeforeOrAfterTheCommand() {
    assertThat(ProgressOption.enabled(parse(concat(SCORE, "--quiet")))).isFalse();
    assertThat(ProgressOption.enabled(parse(concat(new String[] {"-q"}, SCORE)))).isFalse();
    assertThat(ProgressOption.enabled(parse(SCORE))).isTrue();
  }

  @Test
  void aValueInTheFileSatisfiesARequiredOption() throws IOException {
    Path f = config("required.yaml", "score:\n  out: from-config\n");
    CommandSpec score = parse(args(f, "score", "--predictions", "p", "--targets", "t"));
    assertThat(value(score, "--out")).isEqualTo("from-config");
  }

  @Test
  void simulateKeepsItsOwnConfigOption() throws IOException {
    Path f = config("simulate.yaml", "simulate:\n  config: sim-settings.yaml\n  seed: 7\n");
    CommandSpec simulate = parse(args(f, "simulate", "--records", "1", "--out", "o"));
    assertThat(value(simulate, "--config")).isEqualTo(Path.of("sim-settings.yaml"));
    assertThat(value(simulate, "--seed")).isEqualTo(7L);
    assertThat(value(parse("simulate", "--config", "other.yaml"), "--config"))
        .isEqualTo(Path.of("other.yaml"));
  }

  @Test
  void unknownCommandsAndOptionsAreErrorsNamingFileAndKey() throws IOException {
    Path option = config("typo-option.yaml", "score:\n  splitt: test\n");
    Run r = execute(args(option, SCORE));
    assertThat(r.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "Cannot read config file "
                + option
                + ": key score.splitt: unknown option of command 'melep score' (options: allow-missing, ")
        .contains(" split, ");
    Path command = config("typo-command.yaml", "scroe:\n  split: test\n");
    assertThat(execute(args(command, SCORE)).err())
        .contains(
            "Cannot read config file "
                + command
                + ": key scroe: unknown command (commands: folds, ingest, melep, predict, report, score, simulate, train, zoo)");
    Path nested = config("typo-nested.yaml", "zoo:\n  verfy:\n    threads: 2\n");
    assertThat(execute(args(nested, SCORE)).err())
        .contains("key zoo.verfy: unknown option of command 'melep zoo' (options: demo:, verify:)");
  }

  @Test
  void anErrorAnywhereInTheFileFailsEveryCommand() throws IOException {
    Path f = config("elsewhere.yaml", "folds:\n  sed: 1\n");
    Run r = execute(args(f, SCORE));
    assertThat(r.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err()).contains("key folds.sed: unknown option of command 'melep folds'");
  }

  @Test
  void globalOptionsBelongUnderTheRootSection() throws IOException {
    Path f = config("global.yaml", "score:\n  quiet: true\n");
    assertThat(execute(args(f, SCORE)).err())
        .contains("key score.quiet: a global option: set it under melep:");
    Path self = config("self.yaml", "melep:\n  config: other.yaml\n");
    assertThat(execute(args(self, SCORE)).err())
        .contains("key melep.config: unknown option of command 'melep' (options: ");
  }

  @Test
  void valuesAreCheckedAgainstTheOptionsTypeAndArity() throws IOException {
    Path number = config("number.yaml", "predict:\n  batch-size: many\n");
    assertThat(execute(args(number, SCORE)).err())
        .contains(
            "Cannot read config file "
                + number
                + ": key predict.batch-size: expected int, found: many");
    Path bool = config("bool.yaml", "score:\n  allow-missing: sometimes\n");
    assertThat(execute(args(bool, SCORE)).err())
        .contains("key score.allow-missing: expected boolean, found: sometimes");
    Path list = config("list.yaml", "score:\n  split: [train, test]\n");
    assertThat(execute(args(list, SCORE)).err())
        .contains("key score.split: the option takes one value, found a list");
    Path empty = config("empty-value.yaml", "score:\n  split:\n");
    assertThat(execute(args(empty, SCORE)).err()).contains("key score.split: no value");
    Path map = config("map-value.yaml", "score:\n  split: {a: b}\n");
    assertThat(execute(args(map, SCORE)).err())
        .contains("key score.split: expected a value, found a map");
    Path section = config("scalar-section.yaml", "score: fast\n");
    assertThat(execute(args(section, SCORE)).err())
        .contains("key score: a command: expected a map of its options, found a plain value");
  }

  @Test
  void typeTagsAndNonMapContentAreRejectedThroughTheCommandLine() throws IOException {
    Path tag = config("tag.yaml", "score:\n  split: !!java.net.URL [\"http://example.com\"]\n");
    Run r = execute(args(tag, SCORE));
    assertThat(r.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "Cannot read config file " + tag + ": key score.split: YAML tags are not allowed");
    Path list = config("list-top.yaml", "- score\n");
    assertThat(execute(args(list, SCORE)).err())
        .contains(
            "Cannot read config file "
                + list
                + ": expected a map of command names to their options, found a list");
    Path missing = dir.resolve("missing.yaml");
    assertThat(execute(args(missing, SCORE)).err())
        .contains("Cannot read config file " + missing + ": no such file");
  }

  @Test
  void configIsARootOptionOnly() {
    assertThatThrownBy(
            () ->
                parse(
                    "score",
                    "--config",
                    "x.yaml",
                    "--predictions",
                    "p",
                    "--targets",
                    "t",
                    "--out",
                    "o"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
        .hasMessageContaining("Unknown options: '--config', 'x.yaml'");
  }

  @Test
  void theShippedConfigurationMatchesTheCommands() {
    Path shipped = Path.of("..", "conf", "melep.yaml");
    assertThat(shipped).exists();
    CommandSpec score = parse(args(shipped, SCORE));
    assertThat(value(score, "--split")).isEqualTo("train");
    assertThat(value(score, "--weighting")).isEqualTo(List.of("code"));
    assertThat(
            value(
                parse(args(shipped, "predict", "--corpus", "c", "--zoo", "z", "--out", "o")),
                "--batch-size"))
        .isEqualTo(32);
  }
}
