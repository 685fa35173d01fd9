package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Parse-only tests of {@code melep simulate} and {@code melep folds}, plus their usage errors. */
class TestSimulateAndFoldsCommands {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine cli =
      MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

  @Test
  void simulateOptionsParse() {
    SimulateCommand c =
        (SimulateCommand)
            cli.parseArgs(
                    "simulate",
                    "--records",
                    "200000",
                    "--seed",
                    "7",
                    "--out",
                    "target/sim",
                    "--partitions",
                    "40",
                    "--datasets",
                    "sim_csn:0.5,sim_cpsc:0.5")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(c.records).isEqualTo(200_000L);
    assertThat(c.seed).isEqualTo(7);
    assertThat(c.out).isEqualTo("target/sim");
    assertThat(c.partitions).isEqualTo(40);
    assertThat(c.datasets).isEqualTo("sim_csn:0.5,sim_cpsc:0.5");
    assertThat(c.plot).isNull();
  }

  @Test
  void foldsOptionsParseWithPaperDefaults() {
    FoldsCommand c =
        (FoldsCommand)
            cli.parseArgs("folds", "--corpus", "c", "--out", "o")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(c.seed).isEqualTo(1);
    assertThat(c.protocol).isEqualTo("csn");
    assertThat(c.dataset).isNull();
    assertThat(c.folds).isEqualTo(100);
    assertThat(c.recordsPerFold).isEqualTo(1000);
    assertThat(c.trainFraction).isEqualTo(0.7);
    assertThat(c.minLabels).isNull();
    assertThat(c.maxLabels).isNull();
    assertThat(c.allowSmaller).isFalse();
    assertThat(c.keepFlagged).isFalse();
    FoldsCommand d =
        (FoldsCommand)
            cli.parseArgs(
                    "folds",
                    "--corpus",
                    "c",
                    "--out",
                    "o",
                    "--protocol",
                    "ptbxl",
                    "--dataset",
                    "ptbxl",
                    "--folds",
                    "5",
                    "--records-per-fold",
                    "300",
                    "--train-fraction",
                    "0.5",
                    "--min-labels",
                    "3",
                    "--max-labels",
                    "4",
                    "--allow-smaller",
                    "--keep-flagged",
                    "--max-attempts",
                    "3")
                .subcommand()
                .commandSpec()
                .userObject();
    assertThat(d.protocol).isEqualTo("ptbxl");
    assertThat(d.folds).isEqualTo(5);
    assertThat(d.recordsPerFold).isEqualTo(300);
    assertThat(d.minLabels).isEqualTo(3);
    assertThat(d.maxLabels).isEqualTo(4);
    assertThat(d.allowSmaller).isTrue();
    assertThat(d.keepFlagged).isTrue();
    assertThat(d.maxAttempts).isEqualTo(3);
  }

  @Test
  void simulateWithoutRecordsOrPlotIsAnInvalidInput() {
    int status = cli.execute("simulate", "--out", "target/x");
    assertThat(status).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString())
        .contains("melep: Cannot simulate: need --records and --out (or --plot PATH)");
  }

  @Test
  void badDatasetsOptionIsAnInvalidInput() {
    int status = cli.execute("simulate", "--plot", "target/x.png", "--datasets", "sim_zz");
    assertThat(status).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString()).contains("Cannot find simulated dataset").contains("sim_zz");
  }

  @Test
  void plotAloneWritesAPngWithoutSpark(@TempDir Path dir) {
    Path png = dir.resolve("sheet.png");
    int status = cli.execute("simulate", "--plot", png.toString());
    assertThat(status).isEqualTo(BaseCommand.EXIT_OK);
    assertThat(png).isRegularFile();
    assertThat(out.toString()).contains("Wrote " + png);
  }
}
