package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestIngestCommand {

  @Test
  void parsesOptionsWithThePapersDefaults() {
    IngestCommand c = IngestCommand.parse("--input", "a", "hdfs:///b", "--out", "o");
    assertThat(c.inputs).containsExactly("a", "hdfs:///b");
    assertThat(c.out).isEqualTo("o");
    assertThat(c.ptbxlRate).isEqualTo(100);
    assertThat(c.fs).isEqualTo(100.0);
    assertThat(c.seconds).isEqualTo(10.0);
    assertThat(c.resample).isEqualTo("fir");
    assertThat(c.normalize).isEqualTo("none");
    assertThat(c.maxFileMb).isEqualTo(64);
    assertThat(c.labels).isNull();
    IngestCommand d =
        IngestCommand.parse(
            "--input",
            "a",
            "--out",
            "o",
            "--ptbxl-rate",
            "500",
            "--fs",
            "250",
            "--seconds",
            "5",
            "--resample",
            "decimate",
            "--normalize",
            "minmax",
            "--max-file-mb",
            "8");
    assertThat(List.of(d.ptbxlRate, d.fs, d.seconds, d.resample, d.normalize, d.maxFileMb))
        .containsExactly(500, 250.0, 5.0, "decimate", "minmax", 8L);
  }

  @Test
  void isASubcommandOfMelepAndRejectsBadOptionsBeforeStartingSpark() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(cli.getSubcommands()).containsKey("ingest");
    int status = cli.execute("ingest", "--input", "a", "--out", "o", "--resample", "cubic");
    assertThat(status).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString())
        .contains("melep: Cannot parse resample method: expected fir or decimate: cubic");
    err.getBuffer().setLength(0);
    status = cli.execute("ingest", "--input", "a", "--out", "o", "--seconds", "0");
    assertThat(status).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(err.toString())
        .contains("melep: Cannot preprocess: --seconds must be positive: 0.0");
  }
}
