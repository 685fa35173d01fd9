package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.io.OutputGuard;
import org.melep.spark.SparkTestBase;

/**
 * Through the command line: no command replaces an input, a folder holding one, an ordinary file or
 * another command's output; ingest refuses an empty input; stale staging is removed; simulate
 * refuses an oversized output. Refusals leave every file as it was (that they come before Spark
 * starts: {@link TestChecksBeforeSpark}).
 */
class TestOutputSafety extends SparkTestBase {
  private static final Path ROOT = Path.of("target", "test-output-safety").toAbsolutePath();

  record Run(int status, String out, String err) {}

  /** A one-checkpoint manifest (the model file need not exist for these checks). */
  private static final String MANIFEST =
      "checkpoints:\n  - {name: m, uri: m.onnx, sha256: \""
          + "0".repeat(64)
          + "\", format: onnx,"
          + " input: {fs: 100, samples: 1000}, output: logits, labels: [NORM, AF]}\n";

  static Run melep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @BeforeAll
  static void clean() throws Exception {
    if (Files.exists(ROOT)) {
      try (Stream<Path> s = Files.walk(ROOT)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(ROOT);
  }

  /** Every file under {@code dir} and its content, to compare before and after a refused run. */
  private static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(p).toString(),
            java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private static Path folderWith(String name, String... files) throws Exception {
    Path d = Files.createDirectories(ROOT.resolve(name));
    for (String f : files) {
      Files.writeString(d.resolve(f), "data of " + f + "\n");
    }
    return d;
  }

  /** A refused run: exit 2, one line naming the paths, and nothing changed under {@code dir}. */
  private static void assertRefused(Path dir, String expectedLine, String... args)
      throws Exception {
    Map<String, String> before = snapshot(dir);
    Run r = melep(args);
    assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err().lines().toList()).containsExactly("melep: " + expectedLine);
    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void scoreRefusesAnOutFolderHoldingItsInputs() throws Exception {
    Path d = folderWith("score-in-d", "targets.json", "predictions.json", "unrelated.txt");
    assertRefused(
        d,
        "Cannot write "
            + d
            + ": it contains the input "
            + d.resolve("targets.json")
            + "; choose an output folder apart from the inputs",
        "score",
        "--predictions",
        d.resolve("predictions.json").toString(),
        "--targets",
        d.resolve("targets.json").toString(),
        "--format",
        "json",
        "--out",
        d.toString());
  }

  @Test
  void ingestRefusesToWriteOverItsRawInput() throws Exception {
    Path d = folderWith("ingest-raw", "A0001.hea", "A0001.mat");
    assertRefused(
        d,
        "Cannot write "
            + d
            + ": it is the input "
            + d
            + "; choose an output folder apart from the inputs",
        "ingest",
        "--input",
        d.toString(),
        "--out",
        d.toString());
    assertRefused(
        d,
        "Cannot write "
            + d.resolve("corpus")
            + ": it lies inside the input "
            + d
            + "; choose an output folder apart from the inputs",
        "ingest",
        "--input",
        d.toString(),
        "--out",
        d.resolve("corpus").toString());
  }

  @Test
  void anOrdinaryFileOrAForeignFolderIsNotReplaced() throws Exception {
    Path d = folderWith("foreign", "p.json", "t.json", "some-file");
    Path file = d.resolve("some-file");
    assertRefused(
        d,
        "Cannot write "
            + file
            + ": it is an existing file, not an output of melep score; remove it or choose another output path",
        "score",
        "--predictions",
        d.resolve("p.json").toString(),
        "--targets",
        d.resolve("t.json").toString(),
        "--format",
        "json",
        "--out",
        file.toString());
    Path mine = folderWith("my-results", "notes.txt");
    assertRefused(
        mine,
        "Cannot write "
            + mine
            + ": it exists and is not an output of melep simulate (no _melep_output.json in it);"
            + " remove it or choose another output path",
        "simulate",
        "--records",
        "10",
        "--out",
        mine.toString());
    assertRefused(
        mine,
        "Cannot write "
            + mine
            + ": it exists and is not an output of melep zoo demo (no _melep_output.json in it);"
            + " remove it or choose another output path",
        "zoo",
        "demo",
        "--out",
        mine.toString());
  }

  @Test
  void anOutputSymlinkedToAnInputIsTheInput() throws Exception {
    Path corpus = folderWith("linked-corpus", "part-0.parquet");
    Path link = Files.createSymbolicLink(ROOT.resolve("link-to-corpus"), corpus);
    Path zoo = folderWith("linked-zoo", "zoo.yaml");
    Files.writeString(zoo.resolve("zoo.yaml"), MANIFEST);
    Map<String, String> before = snapshot(corpus);
    Run r =
        melep(
            "predict",
            "--corpus",
            corpus.toString(),
            "--zoo",
            zoo.resolve("zoo.yaml").toString(),
            "--out",
            link.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "melep: Cannot write "
                + link
                + ": it is the input "
                + corpus
                + " (file:"
                + corpus.toRealPath()
                + " and file:"
                + corpus.toRealPath()
                + "); choose an output folder apart from the inputs");
    assertThat(snapshot(corpus)).isEqualTo(before);
  }

  @Test
  void scoreFromACorpusKeepsItsPredictionsTableOnlyWherePredictWroteOne() throws Exception {
    Path corpus = folderWith("sc-corpus", "part-0.parquet");
    Path zoo = folderWith("sc-zoo", "m.onnx");
    Files.writeString(zoo.resolve("zoo.yaml"), MANIFEST);
    Path userTable = folderWith("sc-user-predictions", "predictions.json");
    Path out = ROOT.resolve("sc-out");
    String[] common = {
      "score",
      "--corpus",
      corpus.toString(),
      "--zoo",
      zoo.resolve("zoo.yaml").toString(),
      "--out",
      out.toString()
    };
    assertRefused(
        userTable,
        "Cannot write "
            + userTable
            + ": it exists and is not an output of melep predict (no _melep_output.json in it);"
            + " remove it or choose another output path",
        concat(common, "--predictions", userTable.toString()));
    assertRefused(
        corpus,
        "Cannot write "
            + corpus
            + ": it is the input "
            + corpus
            + "; choose an output folder apart from the inputs",
        concat(common, "--predictions", corpus.toString()));
    assertRefused(
        ROOT.resolve("sc-zoo"),
        "Cannot write "
            + out.resolve("p")
            + ": it lies inside the other output "
            + out
            + "; choose outputs apart from each other",
        concat(common, "--predictions", out.resolve("p").toString()));
    // the scoring output of a previous run is not a predictions table either
    Path scored = folderWith("sc-scored", "summary.json");
    Files.writeString(scored.resolve(OutputGuard.MARKER), "{\"command\":\"score\"}");
    assertRefused(
        scored,
        "Cannot write "
            + scored
            + ": it is an output of melep score, not of melep predict; choose another output path",
        concat(common, "--predictions", scored.toString()));
  }

  @Test
  void foldsRefusesTheCorpusAndAnotherCommandsOutput() throws Exception {
    Path sim = ROOT.resolve("sim");
    Run made =
        melep(
            "simulate",
            "--records",
            "40",
            "--seed",
            "3",
            "--out",
            sim.toString(),
            "--partitions",
            "1",
            "--datasets",
            "sim_csn:1");
    assertThat(made.status()).as(made.err()).isZero();
    assertThat(sim.resolve(OutputGuard.MARKER)).content().contains("\"command\" : \"simulate\"");
    Run again =
        melep(
            "simulate",
            "--records",
            "40",
            "--seed",
            "3",
            "--out",
            sim.toString(),
            "--partitions",
            "1",
            "--datasets",
            "sim_csn:1");
    assertThat(again.status()).as(again.err()).isZero(); // its own previous output is replaced
    assertRefused(
        sim,
        "Cannot write "
            + sim.resolve("folds")
            + ": it lies inside the input "
            + sim
            + "; choose an output folder apart from the inputs",
        "folds",
        "--corpus",
        sim.toString(),
        "--out",
        sim.resolve("folds").toString(),
        "--folds",
        "1",
        "--records-per-fold",
        "10");
    assertRefused(
        sim,
        "Cannot write "
            + sim
            + ": it is an output of melep simulate, not of melep zoo demo; choose another output path",
        "zoo",
        "demo",
        "--out",
        sim.toString());
  }

  @Test
  void ingestOfAnInputWithoutRecordsKeepsTheCorpusUnlessEmptyIsAllowed() throws Exception {
    Path raw = folderWith("empty-raw", "README.txt");
    Files.writeString(raw.resolve("X1.hea"), "this is not a header\n");
    Path corpus = Files.createDirectories(ROOT.resolve("kept-corpus/dataset=x"));
    Files.writeString(corpus.resolve("part-0.parquet"), "previous corpus");
    Files.writeString(
        ROOT.resolve("kept-corpus").resolve(OutputGuard.MARKER), "{\"command\":\"ingest\"}");
    Map<String, String> before = snapshot(ROOT.resolve("kept-corpus"));
    Run r =
        melep("ingest", "--input", raw.toString(), "--out", ROOT.resolve("kept-corpus").toString());
    assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_BAD_DATA);
    assertThat(r.err().lines().filter(l -> l.startsWith("melep:")).toList())
        .singleElement()
        .asString()
        .startsWith("melep: Cannot ingest: the inputs [" + raw + "] yielded 0 records (")
        .endsWith(
            "nothing written to "
                + ROOT.resolve("kept-corpus")
                + " (--allow-empty writes an empty corpus)");
    assertThat(snapshot(ROOT.resolve("kept-corpus"))).isEqualTo(before);
    assertThat(raw.resolve("X1.hea")).hasContent("this is not a header");

    Run allowed =
        melep(
            "ingest",
            "--input",
            raw.toString(),
            "--out",
            ROOT.resolve("kept-corpus").toString(),
            "--allow-empty");
    assertThat(allowed.status()).as(allowed.err()).isZero();
    assertThat(allowed.out()).contains("Ingested 0 records");
    assertThat(ROOT.resolve("kept-corpus/dataset=x")).doesNotExist();
  }

  @Test
  void aRunRemovesStagingThatEarlierKilledRunsLeftBesideItsOutput() throws Exception {
    Path out = ROOT.resolve("sim-staged");
    Path stale = Files.createDirectories(ROOT.resolve(".sim-staged.staging-1234/_temporary/0"));
    Files.writeString(stale.resolve("part-00000.parquet"), "half a file");
    Files.setLastModifiedTime(
        ROOT.resolve(".sim-staged.staging-1234"), FileTime.from(Instant.now().minusSeconds(7200)));
    Run r =
        melep(
            "simulate",
            "--records",
            "20",
            "--out",
            out.toString(),
            "--partitions",
            "1",
            "--datasets",
            "sim_csn:1");
    assertThat(r.status()).as(r.err()).isZero();
    try (Stream<Path> s = Files.list(ROOT)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".sim-staged."));
    }
  }

  @Test
  void simulateWritesAboveItsSizeBoundOnlyWhenTold() throws Exception {
    Path out = ROOT.resolve("bounded");
    Run small =
        melep("simulate", "--records", "50", "--out", out.toString(), "--max-output-size", "1 MB");
    assertThat(small.status()).isEqualTo(BaseCommand.EXIT_INVALID_INPUT);
    assertThat(small.err())
        .contains("about 1.2 MB (24300 bytes per record), above the 1.0 MB bound");
    assertThat(out).doesNotExist();
    Run yes =
        melep(
            "simulate",
            "--records",
            "50",
            "--out",
            out.toString(),
            "--max-output-size",
            "1MB",
            "--yes",
            "--partitions",
            "1",
            "--datasets",
            "sim_csn:1");
    assertThat(yes.status()).as(yes.err()).isZero();
    assertThat(yes.out()).contains("Simulated 50 records");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
