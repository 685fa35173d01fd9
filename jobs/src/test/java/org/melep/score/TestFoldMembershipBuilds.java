package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * The two builds of the fold membership agree: {@link DriverFoldMembership} (one scan of each table
 * on internal rows, joined on the driver) and {@link FoldMembership#withSpark} (Spark SQL join and
 * aggregation by record), on random tables spread over several partitions and on every input error
 * they report; and the score job gives the same scores whichever build and whichever merge of the
 * partial states ({@link PartialStates}) it uses.
 */
class TestFoldMembershipBuilds extends SparkTestBase {
  private static final StructType FOLDS = TestFoldMembershipChecks.FOLDS;
  private static final StructType TARGETS = TestFoldMembershipChecks.TARGETS;
  private static final StructType PREDICTIONS = TestFoldMembershipChecks.PREDICTIONS;
  private static final String[] POOL = {"AF", "SB", "STach", "RBBB", "LBBB", "PAC"};

  /** Records r0..r{n-1}; every fifth has no targets row; labels drawn from the pool. */
  private Dataset<Row> targets(Random r, int records) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      if (i % 5 == 4) {
        continue;
      }
      List<String> pos = new ArrayList<>();
      for (String l : POOL) {
        if (r.nextDouble() < 0.3) {
          pos.add(l);
        }
      }
      rows.add(RowFactory.create("r" + i, pos.toArray(new String[0])));
    }
    return spark.createDataFrame(rows, TARGETS).repartition(3);
  }

  /** Folds 0..folds-1, each with 1-4 distinct labels and a random subset of the records. */
  private Dataset<Row> folds(Random r, int folds, int records) {
    List<Row> rows = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<String> labels = new ArrayList<>(List.of(POOL));
      java.util.Collections.shuffle(labels, r);
      String[] chosen = labels.subList(0, 1 + r.nextInt(4)).toArray(new String[0]);
      for (int i = 0; i < records; i++) {
        if (r.nextDouble() < 0.4) {
          rows.add(RowFactory.create(f, chosen, "r" + i, r.nextBoolean() ? "train" : "test"));
        }
      }
    }
    return spark.createDataFrame(rows, FOLDS).repartition(4);
  }

  private static void assertSame(FoldMembership driver, FoldMembership withSpark) {
    assertThat(driver.builtOnDriver()).isTrue();
    assertThat(withSpark.builtOnDriver()).isFalse();
    assertThat(driver.folds()).isEqualTo(withSpark.folds());
    for (int f = 0; f < driver.folds().size(); f++) {
      String id = driver.folds().get(f);
      assertThat(driver.labels(f)).as("labels of fold %s", id).isEqualTo(withSpark.labels(f));
      assertThat(driver.records(id)).as("records of fold %s", id).isEqualTo(withSpark.records(id));
      assertThat(driver.missingTargets(id))
          .as("missing targets of fold %s", id)
          .isEqualTo(withSpark.missingTargets(id));
    }
    assertThat(flat(driver.byRecord())).isEqualTo(flat(withSpark.byRecord()));
  }

  /** Per record, its entries (fold, k, positives) by fold: the order of entries is free. */
  private static Map<String, Map<Integer, List<Integer>>> flat(Map<String, int[]> byRecord) {
    Map<String, Map<Integer, List<Integer>>> out = new TreeMap<>();
    byRecord.forEach(
        (k, m) -> {
          Map<Integer, List<Integer>> entries = new TreeMap<>();
          for (int p = 0; p < m.length; p += 2 + m[p + 1]) {
            List<Integer> e = new ArrayList<>();
            for (int j = p + 1; j < p + 2 + m[p + 1]; j++) {
              e.add(m[j]);
            }
            assertThat(entries.put(m[p], e)).as("record %s in fold %d twice", k, m[p]).isNull();
          }
          out.put(k, entries);
        });
    return out;
  }

  @Test
  void bothBuildsAgreeOnRandomTables() {
    for (int seed = 1; seed <= 2; seed++) {
      Random r = new Random(seed);
      TargetsTable t = TargetsTable.of(targets(r, 120), "labels");
      Dataset<Row> f = folds(r, 7, 150); // records r120.. are in folds, not in the targets
      for (String split : List.of("train", "test", "all")) {
        FoldMembership driver = DriverFoldMembership.of(t, f, split);
        FoldMembership withSpark = FoldMembership.withSpark(t, f, split);
        try {
          assertSame(driver, withSpark);
          assertThat(driver.folds()).hasSize(7);
          assertThat(driver.targetRecords()).hasSize(96);
        } finally {
          withSpark.release();
        }
      }
    }
  }

  @Test
  void theDriverBuildsTablesUpToTheRowLimit() {
    Random r = new Random(7);
    TargetsTable t = TargetsTable.of(targets(r, 30), "labels"); // 24 rows
    Dataset<Row> f = folds(r, 2, 30);
    long rows = f.count() + 24;
    assertThat(FoldMembership.of(t, f, "all").builtOnDriver()).isTrue();
    String[][] limits = {{String.valueOf(rows), "true"}, {String.valueOf(rows - 1), "false"}};
    for (String[] limit : limits) {
      FoldMembership m =
          withProperties(new String[] {limit[0], null}, () -> FoldMembership.of(t, f, "all"));
      assertThat(m.builtOnDriver())
          .as("limit %s", limit[0])
          .isEqualTo(Boolean.parseBoolean(limit[1]));
      m.release();
    }
  }

  @Test
  void theDriverBuildsOnlyWhatFitsInAQuarterOfItsHeap() {
    long heap = 1L << 30; // a default 1 GB driver
    assertThat(DriverFoldMembership.fits(1_000_000, 10_000, heap)).isTrue();
    assertThat(DriverFoldMembership.fits(3_000_000, 0, heap)).isTrue(); // 96 MB
    // 3,000,000 target records: about 600 MB, more than a quarter of 1 GB
    assertThat(DriverFoldMembership.fits(100_000, 3_000_000, heap)).isFalse();
    assertThat(DriverFoldMembership.fits(100_000, 3_000_000, 8 * heap)).isTrue();
    assertThat(DriverFoldMembership.fits(4_000_001, 0, 64 * heap)).isFalse(); // the row limit
  }

  @Test
  void withoutFoldsOrFoldLabelsBothBuildsAgree() {
    Random r = new Random(9);
    TargetsTable t = TargetsTable.of(targets(r, 60), "labels");
    FoldMembership driver = DriverFoldMembership.of(t, null, "train");
    FoldMembership withSpark = FoldMembership.withSpark(t, null, "train");
    assertSame(driver, withSpark);
    assertThat(driver.folds()).containsExactly(ScoreColumns.WHOLE_TABLE_FOLD);
    withSpark.release();

    // 0/1 label columns and a folds table without labels: every fold takes the columns
    StructType flags =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("AF", DataTypes.IntegerType)
            .add("SB", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create("r" + i, i % 2, i % 3 == 0 ? 1 : 0));
    }
    TargetsTable t01 = TargetsTable.of(spark.createDataFrame(rows, flags), "labels");
    Dataset<Row> noLabels = folds(r, 3, 45).drop("labels");
    FoldMembership d2 = DriverFoldMembership.of(t01, noLabels, "all");
    FoldMembership s2 = FoldMembership.withSpark(t01, noLabels, "all");
    assertSame(d2, s2);
    assertThat(d2.labels(0)).containsExactly("AF", "SB");
    s2.release();
  }

  @Test
  void everyInputErrorIsTheSameMessageFromBothBuilds() {
    Random r = new Random(5);
    TargetsTable t = TargetsTable.of(targets(r, 30), "labels");
    List<Row> base = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      base.add(RowFactory.create(1, new String[] {"AF", "SB"}, "r" + i, "train"));
    }
    List<List<Row>> bad = new ArrayList<>();
    List<Row> twoLists = new ArrayList<>(base);
    twoLists.add(RowFactory.create(1, new String[] {"SB", "AF"}, "r3", "train"));
    bad.add(twoLists);
    List<Row> twice = new ArrayList<>(base);
    twice.add(RowFactory.create(1, new String[] {"AF", "SB"}, "r7", "train"));
    bad.add(twice);
    List<Row> badSplit = new ArrayList<>(base);
    badSplit.add(RowFactory.create(2, new String[] {"AF"}, "r1", "validation"));
    bad.add(badSplit);
    List<Row> noRecord = new ArrayList<>(base);
    noRecord.add(RowFactory.create(2, new String[] {"AF"}, null, "train"));
    bad.add(noRecord);
    List<Row> nullLabel = new ArrayList<>(base);
    nullLabel.add(RowFactory.create(2, new String[] {"AF", null}, "r2", "train"));
    bad.add(nullLabel);
    List<Row> repeated = new ArrayList<>(base);
    repeated.add(RowFactory.create(3, new String[] {"AF", "AF"}, "r2", "train"));
    bad.add(repeated);
    Set<String> messages = new HashSet<>();
    for (List<Row> rows : bad) {
      Dataset<Row> f = spark.createDataFrame(rows, FOLDS).repartition(3);
      String expected = message(() -> FoldMembership.withSpark(t, f, "train"));
      assertThat(expected).startsWith("Cannot read the folds table: ");
      assertThatThrownBy(() -> DriverFoldMembership.of(t, f, "train"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(expected);
      messages.add(expected);
    }
    assertThat(messages).hasSize(bad.size());

    List<Row> targetRows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      targetRows.add(RowFactory.create("r" + (i % 19), new String[] {"AF"}));
    }
    TargetsTable twiceListed =
        TargetsTable.of(spark.createDataFrame(targetRows, TARGETS).repartition(2), "labels");
    Dataset<Row> f = spark.createDataFrame(base, FOLDS);
    String expected = message(() -> FoldMembership.withSpark(twiceListed, f, "train"));
    assertThat(expected).isEqualTo("Cannot read the targets table: record r0 appears 2 times");
    assertThatThrownBy(() -> DriverFoldMembership.of(twiceListed, f, "train")).hasMessage(expected);
  }

  private static String message(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }

  /** Predictions of three checkpoints for r0..r{n-1}, random probabilities over four labels. */
  private Dataset<Row> predictions(Random r, int records) {
    List<Row> rows = new ArrayList<>();
    String[] names = {"S0", "S1", "S2", "S3"};
    for (String c : List.of("a", "b", "c")) {
      for (int i = 0; i < records; i++) {
        Double[] p = new Double[names.length];
        for (int k = 0; k < p.length; k++) {
          p[k] = r.nextDouble();
        }
        rows.add(RowFactory.create("r" + i, c, p, names));
      }
    }
    return spark.createDataFrame(rows, PREDICTIONS).repartition(3);
  }

  @Test
  void scoresAreTheSameWhicheverBuildAndMerge() {
    Random r = new Random(11);
    Dataset<Row> p = predictions(r, 130);
    Dataset<Row> t = targets(r, 130);
    Dataset<Row> f = folds(r, 6, 140);
    List<Row> reference = null;
    String[][] routes = {{null, null}, {"0", null}, {null, "0"}, {"0", "0"}};
    for (String[] route : routes) {
      List<Row> scores =
          withProperties(
              route,
              () ->
                  ScoreJob.on(spark)
                      .predictions(p)
                      .targets(t)
                      .folds(f)
                      .allowMissing(true)
                      .execute()
                      .scores()
                      .orderBy("fold_id", "checkpoint", "weighting")
                      .collectAsList());
      assertThat(scores).hasSize(18);
      if (reference == null) {
        reference = scores;
        assertThat(scores.stream().filter(s -> s.getAs(ScoreColumns.MELEP) != null)).hasSize(18);
      } else {
        assertThat(scores).as("route %s", String.join(",", route)).isEqualTo(reference);
      }
    }
  }

  @Test
  void aCheckpointWithTwoSourceLabelListsFailsAlone() {
    Random r = new Random(13);
    List<Row> rows = new ArrayList<>(predictions(r, 40).collectAsList());
    rows.add(RowFactory.create("r0", "b", new Double[] {0.1, 0.2, 0.3, 0.4}, new String[] {"X"}));
    Dataset<Row> p = spark.createDataFrame(rows, PREDICTIONS).repartition(3);
    ScoreResult result =
        ScoreJob.on(spark)
            .predictions(p)
            .targets(targets(r, 40))
            .folds(folds(r, 2, 40))
            .allowMissing(true)
            .execute();
    assertThat(result.summary().failedCheckpoints()).containsOnlyKeys("b");
    assertThat(result.summary().failedCheckpoints().get("b"))
        .isEqualTo("2 different source_labels lists");
    assertThat(result.summary().groupsOk()).isEqualTo(4);
  }

  private static <T> T withProperties(String[] route, java.util.function.Supplier<T> run) {
    String[] keys = {DriverFoldMembership.ROWS_PROPERTY, PartialStates.BYTES_PROPERTY};
    try {
      for (int k = 0; k < keys.length; k++) {
        if (route[k] != null) {
          System.setProperty(keys[k], route[k]);
        }
      }
      return run.get();
    } finally {
      for (String k : keys) {
        System.clearProperty(k);
      }
    }
  }
}
