package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.melep.cli.MelepCommand;
import org.melep.spark.SparkTestBase;

/**
 * Seeded fuzzing of the scoring inputs. Most cases go straight to the row rules the Spark jobs
 * apply ({@link PredictionsInput#problem}, {@link TargetFlag#parse}, {@link FoldsInput#problem}),
 * checked against an independent statement of the contract; a smaller seeded set of schema and
 * value mutations of valid predictions, targets and folds tables goes through {@code melep score},
 * each either succeeding with finite outputs or ending with one line that names a column or a
 * record, the previous output left byte for byte as it was.
 */
class TestScoringInputsFuzz extends SparkTestBase {
  private static final long SEED = 20261201L;
  private static final int ROW_CASES = 3000;
  private static final int CLI_CASES = 12;

  // ---- the row rules, without Spark --------------------------------------------------------

  private static Object randomElement(SplittableRandom r, boolean probs) {
    switch (r.nextInt(12)) {
      case 0:
        return Double.NaN;
      case 1:
        return r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2:
        return null;
      case 3:
        return probs ? 1.0 + r.nextDouble() : -1e300;
      case 4:
        return -r.nextDouble() - 1e-9;
      case 5:
        return "0.5";
      default:
        return probs ? r.nextDouble() : r.nextGaussian() * 4;
    }
  }

  /** A list as Spark rows hold arrays. */
  private static Object seq(List<Object> list) {
    return list == null
        ? null
        : scala.collection.JavaConverters.asScalaBufferConverter(list).asScala().toSeq();
  }

  /** The contract, stated independently of the code under test. */
  private static boolean usable(
      String ck, String rec, List<Object> logits, List<Object> probs, Map<String, Integer> z) {
    if (ck == null || rec == null || !z.containsKey(ck) || (logits == null) == (probs == null)) {
      return false;
    }
    List<Object> v = logits != null ? logits : probs;
    if (v.size() != z.get(ck)) {
      return false;
    }
    for (Object o : v) {
      if (!(o instanceof Double d) || Double.isNaN(d)) {
        return false;
      }
      if (probs != null && (d < 0 || d > 1)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void predictionRowRulesAgreeWithTheContractAndNameCheckpointAndRecord() {
    SplittableRandom r = new SplittableRandom(SEED);
    Map<String, Integer> z = Map.of("c1", 3, "c2", 1);
    int accepted = 0;
    for (int i = 0; i < ROW_CASES; i++) {
      String ck = List.of("c1", "c2", "c1", "unknown").get(r.nextInt(4));
      if (r.nextInt(40) == 0) {
        ck = null;
      }
      String rec = r.nextInt(40) == 0 ? null : "rec" + r.nextInt(100);
      boolean probs = r.nextBoolean();
      int n =
          z.getOrDefault(ck == null ? "c1" : ck, 2) + (r.nextInt(6) == 0 ? r.nextInt(3) - 1 : 0);
      List<Object> values = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        values.add(
            r.nextInt(4) == 0
                ? randomElement(r, probs)
                : probs ? r.nextDouble() : r.nextGaussian() * 3);
      }
      List<Object> logits = probs ? null : values;
      List<Object> ps = probs ? values : null;
      if (r.nextInt(30) == 0) {
        logits = values; // both set
        ps = values;
      } else if (r.nextInt(30) == 0) {
        logits = null; // neither
        ps = null;
      }
      Row row = RowFactory.create(ck, rec, seq(logits), seq(ps));
      String problem = PredictionsInput.problem(row, z);
      boolean ok = usable(ck, rec, logits, ps, z);
      assertThat(problem == null).as("case %d: %s -> %s", i, row, problem).isEqualTo(ok);
      if (problem != null) {
        assertThat(problem)
            .doesNotContain("\n")
            .contains("checkpoint " + ck)
            .contains("record " + rec);
      } else {
        accepted++;
      }
    }
    assertThat(accepted).isBetween(ROW_CASES / 10, ROW_CASES * 9 / 10);
  }

  @Test
  void targetFlagsAreExactlyZeroOneOrBooleans() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    Object[] pool = {
      0,
      1,
      0L,
      1L,
      (short) 1,
      (byte) 0,
      0.0,
      1.0,
      1.0f,
      true,
      false,
      "1",
      " 0 ",
      "TRUE",
      "false",
      2,
      -1,
      0.5,
      0.999,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      null,
      "yes",
      "no",
      "",
      "1.0",
      "2",
      new java.math.BigDecimal("1"),
      new java.math.BigDecimal("0.5")
    };
    for (int i = 0; i < ROW_CASES; i++) {
      Object v = pool[r.nextInt(pool.length)];
      Boolean flag = TargetFlag.parse(v);
      Boolean expected;
      if (v instanceof Boolean b) {
        expected = b;
      } else if (v instanceof Number num) {
        double d = num.doubleValue();
        expected = d == 1 ? Boolean.TRUE : d == 0 ? Boolean.FALSE : null;
      } else if (v instanceof String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        expected =
            t.equals("1") || t.equals("true")
                ? Boolean.TRUE
                : t.equals("0") || t.equals("false") ? Boolean.FALSE : null;
      } else {
        expected = null;
      }
      assertThat(flag).as("%s", v).isEqualTo(expected);
    }
  }

  @Test
  void foldRowRulesAcceptOnlyTrainOrTestWithIdsAndLabels() {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    String[] splits = {"train", "test", "Train", "validation", "", null, " test"};
    for (int i = 0; i < ROW_CASES; i++) {
      String fold = r.nextInt(20) == 0 ? null : Integer.toString(r.nextInt(5));
      String rec = r.nextInt(20) == 0 ? null : "rec" + r.nextInt(50);
      String split = splits[r.nextInt(splits.length)];
      List<String> labels =
          switch (r.nextInt(10)) {
            case 0 -> null;
            case 1 -> List.of();
            case 2 -> Arrays.asList("AF", null);
            default -> List.of("AF", "SB");
          };
      String problem = FoldsInput.problem(fold, rec, split, labels);
      boolean ok =
          fold != null
              && rec != null
              && ("train".equals(split) || "test".equals(split))
              && labels != null
              && !labels.isEmpty()
              && labels.stream().noneMatch(java.util.Objects::isNull);
      assertThat(problem == null)
          .as("%s %s %s %s -> %s", fold, rec, split, labels, problem)
          .isEqualTo(ok);
      if (problem != null) {
        assertThat(problem).doesNotContain("\n").contains("fold " + fold).contains("record " + rec);
      }
    }
  }

  // ---- whole tables through the CLI --------------------------------------------------------

  private static final String[] IDS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};

  /** Valid tables as rows of column -> value (JSON written by {@link #json}). */
  private static Map<String, List<Map<String, Object>>> validTables(SplittableRandom r) {
    List<Map<String, Object>> p = new ArrayList<>();
    List<Map<String, Object>> t = new ArrayList<>();
    List<Map<String, Object>> f = new ArrayList<>();
    for (int i = 0; i < IDS.length; i++) {
      for (String ck : List.of("m1", "m2")) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("record_id", IDS[i]);
        row.put("checkpoint", ck);
        row.put(
            "logits",
            new ArrayList<>(List.of(r.nextGaussian(), r.nextGaussian(), r.nextGaussian())));
        row.put("source_labels", new ArrayList<>(List.of("S0", "S1", "S2")));
        p.add(row);
      }
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("record_id", IDS[i]);
      target.put(
          "labels",
          new ArrayList<>(
              i % 3 == 0 ? List.of("AF") : i % 3 == 1 ? List.of("AF", "SB") : List.of("SB")));
      t.add(target);
      for (int fold = 0; fold < 2; fold++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("fold_id", fold);
        row.put("record_id", IDS[i]);
        row.put("split", (i + fold) % 4 == 0 ? "test" : "train");
        row.put("labels", new ArrayList<>(List.of("AF", "SB")));
        f.add(row);
      }
    }
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    tables.put("predictions", p);
    tables.put("targets", t);
    tables.put("folds", f);
    return tables;
  }

  /** One seeded mutation of one table; returns what it did (for failure messages). */
  @SuppressWarnings("unchecked")
  private static String mutate(Map<String, List<Map<String, Object>>> tables, SplittableRandom r) {
    String name = List.copyOf(tables.keySet()).get(r.nextInt(tables.size()));
    List<Map<String, Object>> rows = tables.get(name);
    List<String> columns = List.copyOf(rows.get(0).keySet());
    String column = columns.get(r.nextInt(columns.size()));
    Map<String, Object> row = rows.get(r.nextInt(rows.size()));
    int kind = r.nextInt(10);
    switch (kind) {
      case 0:
        rows.forEach(x -> x.remove(column));
        return name + ": drop " + column;
      case 1:
        rows.forEach(x -> x.put(column + "_x", x.remove(column)));
        return name + ": rename " + column;
      case 2:
        {
          Object bad = List.of("abc", 7, true, Map.of("k", 1)).get(r.nextInt(4));
          rows.forEach(x -> x.put(column, bad));
          return name + ": " + column + " all " + bad;
        }
      case 3:
        row.put(column, null);
        return name + ": null " + column + " in " + row;
      case 4:
      case 5:
        {
          Object v = row.get(column);
          if (v instanceof List<?> list && !list.isEmpty()) {
            List<Object> l = (List<Object>) list;
            Object bad =
                List.of(Double.NaN, Double.POSITIVE_INFINITY, 1.5, -2.0, "x").get(r.nextInt(5));
            l.set(r.nextInt(l.size()), bad);
            return name + ": " + column + " element -> " + bad;
          }
          Object bad = List.of("dev", 2, -1, 0.5, "").get(r.nextInt(5));
          row.put(column, bad);
          return name + ": " + column + " -> " + bad;
        }
      case 6:
        rows.add(new LinkedHashMap<>(row));
        return name + ": duplicate " + row;
      case 7:
        if (row.get(column) instanceof List<?>) {
          row.put(column, new ArrayList<>());
          return name + ": empty " + column;
        }
        row.put(column, "");
        return name + ": blank " + column;
      case 8:
        {
          for (Object v : row.values()) {
            if (v instanceof List<?> list && !list.isEmpty()) {
              ((List<Object>) list).remove(list.size() - 1);
              return name + ": shorter array in " + row;
            }
          }
          row.put(column, null);
          return name + ": null " + column;
        }
      default:
        if (name.equals("predictions")) {
          row.remove("logits");
          row.put("probs", new ArrayList<>(List.of(0.5, 1.5, 0.2)));
          return "predictions: probs out of range in " + row;
        }
        rows.remove(row);
        return name + ": remove a row";
    }
  }

  private static String json(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (v instanceof Double d) {
      return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString();
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(",", l.stream().map(TestScoringInputsFuzz::json).toList()) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(json(k.toString()) + ":" + json(x)));
      return "{" + String.join(",", parts) + "}";
    }
    return v.toString();
  }

  private static void write(Path file, List<Map<String, Object>> rows) throws IOException {
    StringBuilder s = new StringBuilder();
    rows.forEach(r -> s.append(json(r)).append('\n'));
    Files.writeString(file, s.toString());
  }

  private static String digest(Path dir) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted().toList()) {
        md.update(dir.relativize(p).toString().getBytes());
        if (Files.isRegularFile(p)) {
          md.update(Files.readAllBytes(p));
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private record Run(int status, String err) {}

  private static Run score(Path dir, Path out) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int status =
        MelepCommand.commandLine(new PrintWriter(o, true), new PrintWriter(e, true))
            .execute(
                "score",
                "-q",
                "--format",
                "json",
                "--predictions",
                dir.resolve("predictions.json").toString(),
                "--targets",
                dir.resolve("targets.json").toString(),
                "--folds",
                dir.resolve("folds.json").toString(),
                "--out",
                out.toString());
    return new Run(status, e.toString());
  }

  private static void writeAll(Path dir, Map<String, List<Map<String, Object>>> tables)
      throws IOException {
    for (Map.Entry<String, List<Map<String, Object>>> t : tables.entrySet()) {
      write(dir.resolve(t.getKey() + ".json"), t.getValue());
    }
  }

  private static void assertFiniteScores(Path out, String what) {
    for (Row s : spark.read().parquet(out.resolve("scores").toString()).collectAsList()) {
      Double m = s.getAs("melep");
      assertThat(m == null || Double.isFinite(m)).as(what).isTrue();
      for (Object v : s.getList(s.fieldIndex("per_label"))) {
        assertThat(Double.isFinite((Double) v)).as(what).isTrue();
      }
      assertThat(m != null || !s.<String>getAs("status").equals("ok")).as(what).isTrue();
    }
  }

  @Test
  void mutatedTablesScoreWithFiniteOutputsOrFailInOneLineLeavingTheOutputAsItWas()
      throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "score-fuzz");
    Path out = dir.resolve("out");
    SplittableRandom r = new SplittableRandom(SEED + 3);
    writeAll(dir, validTables(new SplittableRandom(SEED)));
    Run valid = score(dir, out);
    assertThat(valid.status()).as(valid.err()).isZero();
    int succeeded = 0;
    int failed = 0;
    for (int i = 0; i < CLI_CASES; i++) {
      Map<String, List<Map<String, Object>>> tables = validTables(new SplittableRandom(SEED + i));
      List<String> did = new ArrayList<>();
      int mutations = 1 + r.nextInt(2);
      for (int k = 0; k < mutations; k++) {
        did.add(mutate(tables, r));
      }
      writeAll(dir, tables);
      String before = digest(out);
      Run run = score(dir, out);
      String what = "case " + i + " " + did + ": exit " + run.status() + " " + run.err();
      assertThat(run.status()).as(what).isIn(0, 2, 3, 4);
      if (run.status() == 0 || run.status() == 4) {
        succeeded++;
        assertFiniteScores(out, what);
        if (run.status() == 4) {
          assertThat(
                  spark
                      .read()
                      .parquet(out.resolve("scores").toString())
                      .filter("status like 'failed: %'")
                      .count())
              .as(what)
              .isPositive();
        }
      } else {
        failed++;
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines).as(what).hasSize(1);
        assertThat(lines.get(0))
            .as(what)
            .startsWith("melep: ")
            .containsPattern("column|record|fold|checkpoint|labels|split");
        assertThat(digest(out)).as(what + ": output changed").isEqualTo(before);
      }
    }
    assertThat(succeeded).isPositive();
    assertThat(failed).isPositive();
  }
}
