package org.melep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * {@code melep score --predictions ...} on small hand-written tables: bad target flags, bad fold
 * splits and fold labels the targets do not have are one-line errors with their exit code and leave
 * no output; a checkpoint with bad predictions fails alone (exit 4); every documented input format
 * reads.
 */
class TestScoreInputValidation extends SparkTestBase {
  private Path dir;

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @BeforeEach
  void newDir() throws IOException {
    Files.createDirectories(Path.of("target"));
    dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "score-inputs");
  }

  private Path write(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }

  /** Eight records a..h, two checkpoints, two target labels AF and SB. */
  private static final String[] RECORDS = {"a", "b", "c", "d", "e", "f", "g", "h"};

  private static final boolean[][] FLAGS = {
    {true, true},
    {false, true},
    {true, false},
    {false, false},
    {true, true},
    {false, true},
    {true, false},
    {false, false}
  };

  private Path predictionsJson(Map<String, String> overrides) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS.length; i++) {
      for (String ck : List.of("good", "other")) {
        String logits =
            "[" + (0.3 * i - 1) + "," + (ck.equals("good") ? 1.0 - 0.2 * i : 0.1 * i) + "]";
        String line =
            "{\"record_id\":\""
                + RECORDS[i]
                + "\",\"checkpoint\":\""
                + ck
                + "\",\"logits\":"
                + logits
                + ",\"source_labels\":[\"NORM\",\"MI\"]}";
        lines.add(overrides.getOrDefault(ck + "/" + RECORDS[i], line));
      }
    }
    return write("predictions.json", lines.toArray(new String[0]));
  }

  private Path targetsJson() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS.length; i++) {
      List<String> pos = new ArrayList<>();
      if (FLAGS[i][0]) {
        pos.add("\"AF\"");
      }
      if (FLAGS[i][1]) {
        pos.add("\"SB\"");
      }
      lines.add(
          "{\"record_id\":\"" + RECORDS[i] + "\",\"labels\":[" + String.join(",", pos) + "]}");
    }
    return write("targets.json", lines.toArray(new String[0]));
  }

  private Path foldsJson(String split, String labels) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS.length; i++) {
      String s = i == 5 ? split : i < 6 ? "train" : "test";
      lines.add(
          "{\"fold_id\":0,\"record_id\":\""
              + RECORDS[i]
              + "\",\"split\":\""
              + s
              + "\",\"labels\":"
              + labels
              + "}");
    }
    return write("folds.json", lines.toArray(new String[0]));
  }

  private Run score(Path predictions, Path targets, Path folds, String format, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "score",
                "-q",
                "--format",
                format,
                "--predictions",
                predictions.toString(),
                "--targets",
                targets.toString(),
                "--out",
                dir.resolve("out").toString()));
    if (folds != null) {
      args.addAll(List.of("--folds", folds.toString()));
    }
    args.addAll(List.of(extra));
    return run(args.toArray(new String[0]));
  }

  private static void assertOneLineError(Run r, int status, String... parts) {
    assertThat(r.status()).as(r.err()).isEqualTo(status);
    assertThat(r.err().strip().lines().filter(l -> l.startsWith("melep: ")).count())
        .as(r.err())
        .isEqualTo(1);
    assertThat(r.err()).contains(parts);
  }

  private Map<String, Row> scores(String weighting) {
    Map<String, Row> out = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(dir.resolve("out/scores").toString())
            .filter("weighting = '" + weighting + "'")
            .collectAsList()) {
      out.put(r.<String>getAs("fold_id") + "/" + r.<String>getAs("checkpoint"), r);
    }
    return out;
  }

  // --- 0/1 target columns -------------------------------------------------------------------

  @Test
  void targetFlagsOtherThanZeroOrOneAreBadDataNamingColumnRecordAndValue() throws IOException {
    Path p = predictionsJson(Map.of());
    for (String[] c :
        new String[][] {{"2", "2"}, {"0.5", "0.5"}, {"null", "null"}, {"\"yes\"", "'yes'"}}) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < RECORDS.length; i++) {
        String af = RECORDS[i].equals("c") ? c[0] : FLAGS[i][0] ? "1" : "0";
        lines.add(
            "{\"record_id\":\""
                + RECORDS[i]
                + "\",\"AF\":"
                + af
                + ",\"SB\":"
                + (FLAGS[i][1] ? "true" : "false")
                + "}");
      }
      Path t = write("flags.json", lines.toArray(new String[0]));
      Run r = score(p, t, null, "json");
      assertOneLineError(
          r,
          BaseCommand.EXIT_BAD_DATA,
          "Cannot read the targets table: column AF of record c is " + c[1] + ", not 0 or 1");
      assertThat(dir.resolve("out")).doesNotExist();
    }
  }

  @Test
  void flagColumnsZeroOneAndBooleansScoreLikeTheLabelsArray() throws IOException {
    Path p = predictionsJson(Map.of());
    Run arrays = score(p, targetsJson(), null, "json");
    assertThat(arrays.status()).as(arrays.err()).isZero();
    Map<String, Row> expected = scores("code");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS.length; i++) {
      lines.add(
          "{\"record_id\":\""
              + RECORDS[i]
              + "\",\"AF\":"
              + (FLAGS[i][0] ? "1" : "0")
              + ",\"SB\":"
              + FLAGS[i][1]
              + "}");
    }
    Run flags = score(p, write("flags.json", lines.toArray(new String[0])), null, "json");
    assertThat(flags.status()).as(flags.err()).isZero();
    Map<String, Row> actual = scores("code");
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSize(2);
    for (String k : expected.keySet()) {
      assertThat(actual.get(k).<Double>getAs("melep"))
          .isEqualTo(expected.get(k).<Double>getAs("melep"))
          .isNotNull();
    }
  }

  @Test
  void anotherColumnIsALabelUnlessTargetLabelsNamesTheLabelColumns() throws IOException {
    Path p = predictionsJson(Map.of());
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS.length; i++) {
      lines.add(
          "{\"record_id\":\""
              + RECORDS[i]
              + "\",\"site\":\"s"
              + i
              + "\",\"AF\":"
              + (FLAGS[i][0] ? 1 : 0)
              + ",\"SB\":"
              + (FLAGS[i][1] ? 1 : 0)
              + "}");
    }
    Path t = write("flags.json", lines.toArray(new String[0]));
    Run byRule = score(p, t, null, "json");
    assertOneLineError(
        byRule,
        BaseCommand.EXIT_BAD_DATA,
        "column site of record a is 's0', not 0 or 1",
        "--target-labels");
    Run named = score(p, t, null, "json", "--target-labels", "AF,SB");
    assertThat(named.status()).as(named.err()).isZero();
    assertThat(scores("code").values())
        .allSatisfy(
            r -> assertThat(r.<String>getList(r.fieldIndex("labels"))).containsExactly("AF", "SB"));
    Run missing = score(p, t, null, "json", "--target-labels", "AF,XX");
    assertOneLineError(
        missing,
        BaseCommand.EXIT_INVALID_INPUT,
        "Cannot read the targets table: missing column XX");
  }

  // --- folds --------------------------------------------------------------------------------

  @Test
  void aFoldSplitNeitherTrainNorTestIsBadDataNamingFoldRecordAndValue() throws IOException {
    Run r =
        score(
            predictionsJson(Map.of()),
            targetsJson(),
            foldsJson("validation", "[\"AF\",\"SB\"]"),
            "json");
    assertOneLineError(
        r,
        BaseCommand.EXIT_BAD_DATA,
        "Cannot read the folds table: fold 0, record f: split is 'validation', expected train or test");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void foldLabelsThatNoTargetHasAreAnInvalidInputNotAllDegenerateGroups() throws IOException {
    Run r =
        score(
            predictionsJson(Map.of()),
            targetsJson(),
            foldsJson("train", "[\"426783006\",\"164889003\"]"),
            "json");
    assertOneLineError(
        r,
        BaseCommand.EXIT_INVALID_INPUT,
        "Cannot score: every fold has a label that no record of the targets has (164889003, 426783006; they have AF, SB)"
            + ": every group would be degenerate");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  // --- one bad checkpoint -------------------------------------------------------------------

  @Test
  void aCheckpointWithBadPredictionsFailsAloneAndTheRunIsPartial() throws IOException {
    Path folds = foldsJson("train", "[\"AF\",\"SB\"]");
    Run clean = score(predictionsJson(Map.of()), targetsJson(), folds, "json");
    assertThat(clean.status()).as(clean.err()).isZero();
    double good = scores("code").get("0/good").getAs("melep");
    String[] bad = {
      "{\"record_id\":\"c\",\"checkpoint\":\"other\",\"probs\":[NaN,0.5],\"source_labels\":[\"NORM\",\"MI\"]}",
      "{\"record_id\":\"c\",\"checkpoint\":\"other\",\"probs\":[1.5,0.5],\"source_labels\":[\"NORM\",\"MI\"]}",
      "{\"record_id\":\"c\",\"checkpoint\":\"other\",\"logits\":[1.0,0.5,2.0],\"source_labels\":[\"NORM\",\"MI\"]}",
    };
    String[] reason = {"probability #0 is NaN", "probability #0 is 1.5", "3 outputs, expected 2"};
    for (int k = 0; k < bad.length; k++) {
      Run r = score(predictionsJson(Map.of("other/c", bad[k])), targetsJson(), folds, "json");
      assertThat(r.status()).as(r.err()).isEqualTo(BaseCommand.EXIT_PARTIAL);
      assertThat(r.err())
          .contains(
              "checkpoint other failed: 1 bad prediction row: Cannot use predictions of checkpoint other, record c: "
                  + reason[k]);
      Map<String, Row> s = scores("code");
      assertThat(s.get("0/good").<String>getAs("status")).isEqualTo("ok");
      assertThat(s.get("0/good").<Double>getAs("melep")).isEqualTo(good);
      assertThat(s.get("0/other").<String>getAs("status"))
          .startsWith("failed: 1 bad prediction row")
          .contains(reason[k]);
      assertThat(s.get("0/other").<Double>getAs("melep")).isNull();
      assertThat(dir.resolve("out/summary.json"))
          .content()
          .contains("\"groupsFailed\" : 1")
          .contains("\"failedCheckpoints\"")
          .contains(reason[k]);
      assertThat(spark.read().parquet(dir.resolve("out/ranking").toString()).count()).isEqualTo(1);
    }
  }

  @Test
  void whenEveryCheckpointFailsNothingIsWritten() throws IOException {
    Path folds = foldsJson("train", "[\"AF\",\"SB\"]");
    String nan =
        "{\"record_id\":\"c\",\"checkpoint\":\"%s\",\"probs\":[NaN,0.5],\"source_labels\":[\"NORM\",\"MI\"]}";
    Run r =
        score(
            predictionsJson(
                Map.of(
                    "other/c", String.format(nan, "other"), "good/c", String.format(nan, "good"))),
            targetsJson(),
            folds,
            "json");
    assertOneLineError(
        r, BaseCommand.EXIT_BAD_DATA, "Cannot score: every checkpoint failed: good (", "other (");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  // --- documented input formats -------------------------------------------------------------

  @Test
  void everyDocumentedInputFormatScoresTheSame() throws IOException {
    Path folds = foldsJson("train", "[\"AF\",\"SB\"]");
    Run json = score(predictionsJson(Map.of()), targetsJson(), folds, "json");
    assertThat(json.status()).as(json.err()).isZero();
    Map<String, Row> expected = scores("code");

    // CSV: arrays are |-separated fields, as docs/scoring.md says
    List<String> p = new ArrayList<>(List.of("record_id,checkpoint,logits,source_labels"));
    List<String> t = new ArrayList<>(List.of("record_id,labels"));
    List<String> f = new ArrayList<>(List.of("fold_id,record_id,split,labels"));
    for (int i = 0; i < RECORDS.length; i++) {
      for (String ck : List.of("good", "other")) {
        p.add(
            RECORDS[i]
                + ","
                + ck
                + ","
                + (0.3 * i - 1)
                + "|"
                + (ck.equals("good") ? 1.0 - 0.2 * i : 0.1 * i)
                + ",NORM|MI");
      }
      List<String> pos = new ArrayList<>();
      if (FLAGS[i][0]) {
        pos.add("AF");
      }
      if (FLAGS[i][1]) {
        pos.add("SB");
      }
      t.add(RECORDS[i] + "," + String.join("|", pos));
      f.add("0," + RECORDS[i] + "," + (i < 6 ? "train" : "test") + ",AF|SB");
    }
    Path pc = write("p.csv", p.toArray(new String[0]));
    Path tc = write("t.csv", t.toArray(new String[0]));
    Path fc = write("f.csv", f.toArray(new String[0]));
    Run csv = score(pc, tc, fc, "csv");
    assertThat(csv.status()).as(csv.err()).isZero();
    assertSameScores(expected, scores("code"));

    // Parquet: the same tables written by Spark
    for (String[] table :
        new String[][] {
          {"predictions.json", "p.parquet"},
          {"targets.json", "t.parquet"},
          {"folds.json", "f.parquet"}
        }) {
      spark
          .read()
          .json(dir.resolve(table[0]).toString())
          .write()
          .parquet(dir.resolve(table[1]).toString());
    }
    Run parquet =
        score(
            dir.resolve("p.parquet"),
            dir.resolve("t.parquet"),
            dir.resolve("f.parquet"),
            "parquet");
    assertThat(parquet.status()).as(parquet.err()).isZero();
    assertSameScores(expected, scores("code"));
  }

  private static void assertSameScores(Map<String, Row> expected, Map<String, Row> actual) {
    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSize(2);
    for (String k : expected.keySet()) {
      assertThat(actual.get(k).<String>getAs("status")).isEqualTo("ok");
      assertThat(actual.get(k).<Double>getAs("melep"))
          .isCloseTo(
              expected.get(k).<Double>getAs("melep"), org.assertj.core.data.Offset.offset(1e-12));
    }
  }
}
