package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The transfer options of {@code melep folds}: parsing, and invalid values caught before Spark. */
class TestFoldsCommandOptions {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine cli =
      MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

  @Test
  void transferOptionsParse() {
    FoldsCommand c =
        (FoldsCommand)
            cli.parseArgs(
                    "folds",
                    "--corpus",
                    "c",
                    "--out",
                    "o",
                    "--labels",
                    "4",
                    "--prevalence-matched",
                    "--test-size",
                    "1500")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(c.labels).isEqualTo(4);
    assertThat(c.prevalenceMatched).isTrue();
    assertThat(c.testSize).isEqualTo(1500);
    FoldsCommand d =
        (FoldsCommand)
            cli.parseArgs("folds", "--corpus", "c", "--out", "o")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(d.labels).isNull();
    assertThat(d.prevalenceMatched).isFalse();
    assertThat(d.testSize).isNull();
  }

  @Test
  void conflictingOrBadOptionsAreInvalidInputWithoutReadingTheCorpus() {
    // the corpus does not exist: validation must fail first, naming the option
    int a =
        cli.execute(
            "folds",
            "--corpus",
            "target/no-such-corpus",
            "--out",
            "target/x",
            "--labels",
            "4",
            "--max-labels",
            "6");
    assertThat(a).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString())
        .contains("Cannot draw folds: --labels 4 fixes the number of labels")
        .doesNotContain("no-such-corpus");
    int b =
        cli.execute(
            "folds", "--corpus", "target/no-such-corpus", "--out", "target/x", "--test-size", "0");
    assertThat(b).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString()).contains("Cannot draw folds: --test-size must be >= 1: 0");
  }
}
