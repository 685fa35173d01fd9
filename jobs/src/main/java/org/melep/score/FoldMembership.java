package org.melep.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.melep.spark.RowCounts;
import scala.collection.Seq;

/**
 * Which records each fold scores, with their positives among the fold's target labels, from the
 * folds table (optional: without it the whole target table is one fold, {@value
 * ScoreColumns#WHOLE_TABLE_FOLD}) and the targets: per record, the flat encoding of {@link
 * ScoringInput} ({@link #byRecord()}, or as a table {@link #memberships()}). Fold records without
 * targets are counted per fold, never silently dropped.
 *
 * <p>Two builds with the same result and the same errors: on the driver ({@link
 * DriverFoldMembership}, one scan of each table) when the folds and targets tables together have at
 * most {@link DriverFoldMembership#limit()} rows and fit in a quarter of the driver's heap ({@link
 * DriverFoldMembership#fits}), else with Spark ({@link #withSpark}: the folds joined with the
 * targets, then grouped by record).
 */
public final class FoldMembership {
  private final SparkSession spark;
  private Dataset<Row> memberships; // built from byRecord on first use when built on the driver
  private final Dataset<Row> cached; // null when built on the driver
  private Map<String, int[]> byRecord; // collected from memberships on first use (Spark build)
  private final Set<String> targetRecords; // null when built with Spark
  private final List<String> folds;
  private final List<List<String>> foldLabels;
  private final Map<String, Long> foldRecords;
  private final Map<String, Long> missingTargets;

  private FoldMembership(
      SparkSession spark,
      Dataset<Row> cached,
      Dataset<Row> memberships,
      Map<String, int[]> byRecord,
      Set<String> targetRecords,
      List<String> folds,
      List<List<String>> foldLabels,
      Map<String, Long> foldRecords,
      Map<String, Long> missingTargets) {
    this.spark = spark;
    this.cached = cached;
    this.memberships = memberships;
    this.byRecord = byRecord;
    this.targetRecords = targetRecords;
    this.folds = folds;
    this.foldLabels = foldLabels;
    this.foldRecords = foldRecords;
    this.missingTargets = missingTargets;
  }

  /** A membership built on the driver ({@link DriverFoldMembership}). */
  static FoldMembership onDriver(
      SparkSession spark,
      Map<String, int[]> byRecord,
      Set<String> targetRecords,
      List<String> folds,
      List<List<String>> foldLabels,
      Map<String, Long> foldRecords,
      Map<String, Long> missingTargets) {
    return new FoldMembership(
        spark, null, null, byRecord, targetRecords, folds, foldLabels, foldRecords, missingTargets);
  }

  /**
   * One (fold, record) pair's entry of the flat membership encoding ({@link ScoringInput}): {@code
   * fold index, k, p1 .. pk} with p the ascending indices of the fold's labels among the record's
   * target labels; null when the record has no targets. A Java function (compiled into Spark's
   * generated code) rather than a SQL higher-order function, which Spark interprets row by row.
   */
  static final UserDefinedFunction ENTRY =
      functions.udf(
          (UDF3<Integer, Seq<String>, Seq<String>, int[]>)
              (fold, labels, targets) -> targets == null ? null : entry(fold, labels, targets),
          DataTypes.createArrayType(DataTypes.IntegerType, false));

  static int[] entry(int fold, Seq<String> labels, Seq<String> targets) {
    int y = labels.size();
    int[] out = new int[2 + y];
    int k = 0;
    int t = targets.size();
    for (int i = 0; i < y; i++) {
      String label = labels.apply(i);
      for (int j = 0; j < t; j++) {
        if (label != null && label.equals(targets.apply(j))) {
          out[2 + k++] = i;
          break;
        }
      }
    }
    out[0] = fold;
    out[1] = k;
    return k == y ? out : java.util.Arrays.copyOf(out, 2 + k);
  }

  /** Releases the cached membership rows. */
  public void release() {
    if (cached != null) {
      cached.unpersist();
    }
  }

  /** {@code recordId, memberships array<int>}: one row per record that is in some fold. */
  public Dataset<Row> memberships() {
    if (memberships == null) {
      List<Row> rows = new ArrayList<>(byRecord.size());
      byRecord.forEach((id, m) -> rows.add(org.apache.spark.sql.RowFactory.create(id, m)));
      memberships = spark.createDataFrame(rows, MEMBERSHIPS);
    }
    return memberships;
  }

  private static final StructType MEMBERSHIPS =
      new StructType()
          .add("recordId", DataTypes.StringType, false)
          .add("memberships", DataTypes.createArrayType(DataTypes.IntegerType, false), false);

  /**
   * Every record in some fold that has targets, with its flat memberships ({@link ScoringInput}),
   * on the driver (collected on first use when the membership was built with Spark).
   */
  public Map<String, int[]> byRecord() {
    if (byRecord == null) {
      Map<String, int[]> out = new HashMap<>();
      for (Row r : memberships.collectAsList()) {
        List<Integer> m = r.getList(1);
        int[] a = new int[m.size()];
        for (int i = 0; i < a.length; i++) {
          a[i] = m.get(i);
        }
        out.put(r.getString(0), a);
      }
      byRecord = out;
    }
    return byRecord;
  }

  /** Whether it was built on the driver (then {@link #targetRecords()} is known). */
  public boolean builtOnDriver() {
    return targetRecords != null;
  }

  /** The record ids of the targets table, when built on the driver; else null. */
  public Set<String> targetRecords() {
    return targetRecords;
  }

  /** Fold ids by fold index (numeric order when all ids are numbers). */
  public List<String> folds() {
    return folds;
  }

  /** The ordered target labels of the fold with this index. */
  public List<String> labels(int fold) {
    return foldLabels.get(fold);
  }

  /** Number of records of the fold (of the chosen split) that have targets. */
  public long records(String foldId) {
    return foldRecords.getOrDefault(foldId, 0L);
  }

  /** Number of records of the fold (of the chosen split) that have no targets. */
  public long missingTargets(String foldId) {
    return missingTargets.getOrDefault(foldId, 0L);
  }

  /**
   * @param split {@code train}, {@code test} or {@code all}; ignored without folds
   */
  public static FoldMembership of(TargetsTable targets, Dataset<Row> foldsOrNull, String split) {
    // limit 0: straight to Spark, without the row counts (both tables' in one job of one stage)
    if (DriverFoldMembership.limit() > 0) {
      long[] rows = RowCounts.of(foldsOrNull, targets.rows());
      if (DriverFoldMembership.fits(rows[0], rows[1], Runtime.getRuntime().maxMemory())) {
        return DriverFoldMembership.of(targets, foldsOrNull, split);
      }
    }
    return withSpark(targets, foldsOrNull, split);
  }

  /** Built with Spark jobs: a join of folds and targets and an aggregation by record. */
  static FoldMembership withSpark(TargetsTable targets, Dataset<Row> foldsOrNull, String split) {
    if (foldsOrNull != null) {
      FoldsInput.check(foldsOrNull);
    }
    Dataset<Row> t = targets.rows();
    requireUnique(t.groupBy(col(ScoreColumns.RECORD_ID)).count(), "targets", "record");
    Dataset<Row> folds =
        foldsOrNull == null ? wholeTableFold(targets) : normalizeFolds(foldsOrNull, targets, split);

    // per fold: its label list (one per fold), read on the driver; folds get indices
    List<String> ids = new ArrayList<>();
    Map<String, List<String>> labelsById = new java.util.HashMap<>();
    for (Row r :
        folds
            .groupBy(col(ScoreColumns.FOLD_ID))
            .agg(functions.collect_set(col(ScoreColumns.LABELS)).as("sets"))
            .collectAsList()) {
      String id = r.getString(0);
      List<List<String>> sets = org.melep.spark.RowLists.nested(r, 1);
      if (sets.size() != 1) {
        throw new IllegalArgumentException(
            "Cannot read the folds table: fold "
                + id
                + " lists "
                + sets.size()
                + " different label lists");
      }
      if (sets.get(0).isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot read the folds table: fold " + id + " has no labels");
      }
      org.melep.stats.PositiveLabels.requireNoRepeats(id, sets.get(0));
      ids.add(id);
      labelsById.put(id, List.copyOf(sets.get(0)));
    }
    sortFoldIds(ids);
    List<List<String>> labels = new ArrayList<>();
    List<Row> indexRows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      labels.add(labelsById.get(ids.get(i)));
      indexRows.add(
          org.apache.spark.sql.RowFactory.create(
              ids.get(i), i, labels.get(i).toArray(new String[0])));
    }
    Dataset<Row> index =
        folds
            .sparkSession()
            .createDataFrame(
                indexRows,
                new org.apache.spark.sql.types.StructType()
                    .add(ScoreColumns.FOLD_ID, DataTypes.StringType, false)
                    .add("fold_index", DataTypes.IntegerType, false)
                    .add(
                        ScoreColumns.LABELS,
                        DataTypes.createArrayType(DataTypes.StringType, false),
                        false));

    // every fold record with its fold's index and labels (broadcast) and its targets (null: none)
    Dataset<Row> annotated =
        folds
            .select(col(ScoreColumns.FOLD_ID), col(ScoreColumns.RECORD_ID))
            .join(functions.broadcast(index), ScoreColumns.FOLD_ID)
            .join(t, ScoreColumns.RECORD_ID, "left_outer");
    // one aggregation by record: its folds (records without targets too, for the counts) and its
    // flat memberships; the per-fold counts and the (fold, record) uniqueness check then read the
    // cached rows in one pass, without another shuffle of the fold rows
    Dataset<Row> perRecord =
        annotated
            .select(
                col(ScoreColumns.RECORD_ID).as("recordId"),
                col("fold_index"),
                col(TargetsTable.TARGET_LABELS).isNotNull().as("has_targets"),
                ENTRY
                    .apply(
                        col("fold_index"),
                        col(ScoreColumns.LABELS),
                        col(TargetsTable.TARGET_LABELS))
                    .as("entry"))
            .groupBy(col("recordId"))
            .agg(
                functions.collect_list(col("fold_index")).as("folds"),
                functions.max(col("has_targets")).as("has_targets"),
                functions.flatten(functions.collect_list(col("entry"))).as("memberships"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    FoldCounts fc = FoldCounts.of(perRecord, ids.size());
    if (fc.duplicateRecord != null) {
      perRecord.unpersist();
      throw new IllegalArgumentException(
          "Cannot read the folds table: fold and record "
              + ids.get(fc.duplicateFold)
              + " / "
              + fc.duplicateRecord
              + " appears "
              + fc.duplicateCount
              + " times");
    }
    Map<String, Long> foldRecords = new java.util.HashMap<>();
    Map<String, Long> missing = new java.util.HashMap<>();
    for (int f = 0; f < ids.size(); f++) {
      foldRecords.put(ids.get(f), fc.records[f]);
      missing.put(ids.get(f), fc.missing[f]);
    }
    Dataset<Row> memberships =
        perRecord.filter(col("has_targets")).select(col("recordId"), col("memberships"));
    return new FoldMembership(
        folds.sparkSession(),
        perRecord,
        memberships,
        null,
        null,
        List.copyOf(ids),
        List.copyOf(labels),
        foldRecords,
        missing);
  }

  /**
   * Records and records without targets of every fold, and the first (fold, record) listed twice:
   * one pass over the cached per-record rows, merged across partitions.
   */
  static final class FoldCounts implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final long[] records;
    final long[] missing;
    String duplicateRecord;
    int duplicateFold;
    int duplicateCount;

    FoldCounts(int folds) {
      records = new long[folds];
      missing = new long[folds];
    }

    static FoldCounts of(Dataset<Row> perRecord, int folds) {
      return perRecord
          .select(col("recordId"), col("folds"), col("has_targets"))
          .javaRDD()
          .mapPartitions(
              (org.apache.spark.api.java.function.FlatMapFunction<
                      java.util.Iterator<Row>, FoldCounts>)
                  rows -> List.of(count(rows, folds)).iterator())
          .reduce(FoldCounts::merge);
    }

    private static FoldCounts count(java.util.Iterator<Row> rows, int folds) {
      FoldCounts c = new FoldCounts(folds);
      while (rows.hasNext()) {
        Row r = rows.next();
        List<Integer> fs = r.getList(1);
        long[] into = r.getBoolean(2) ? c.records : c.missing;
        int[] sorted = new int[fs.size()];
        for (int k = 0; k < sorted.length; k++) {
          sorted[k] = fs.get(k);
          into[sorted[k]]++;
        }
        java.util.Arrays.sort(sorted);
        for (int k = 1; k < sorted.length && c.duplicateRecord == null; k++) {
          if (sorted[k] == sorted[k - 1]) {
            int times = 2;
            while (k + times - 1 < sorted.length && sorted[k + times - 1] == sorted[k]) {
              times++;
            }
            c.duplicateRecord = r.getString(0);
            c.duplicateFold = sorted[k];
            c.duplicateCount = times;
          }
        }
      }
      return c;
    }

    FoldCounts merge(FoldCounts o) {
      for (int f = 0; f < records.length; f++) {
        records[f] += o.records[f];
        missing[f] += o.missing[f];
      }
      if (duplicateRecord == null && o.duplicateRecord != null) {
        duplicateRecord = o.duplicateRecord;
        duplicateFold = o.duplicateFold;
        duplicateCount = o.duplicateCount;
      }
      return this;
    }
  }

  /** Numeric order when every id is an integer, else text order. */
  static void sortFoldIds(List<String> ids) {
    try {
      ids.forEach(Long::parseLong);
      ids.sort(java.util.Comparator.comparingLong(Long::parseLong));
    } catch (NumberFormatException e) {
      ids.sort(null);
    }
  }

  static Dataset<Row> wholeTableFold(TargetsTable targets) {
    List<String> names = targets.labelColumns();
    if (names.isEmpty()) {
      List<String> seen = new ArrayList<>();
      for (Row r :
          targets
              .rows()
              .select(functions.explode(col(TargetsTable.TARGET_LABELS)).as("l"))
              .distinct()
              .collectAsList()) {
        seen.add(r.getString(0));
      }
      names = new ArrayList<>(new TreeSet<>(seen));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot score: the targets table has no positive label at all");
    }
    return targets
        .rows()
        .select(
            lit(ScoreColumns.WHOLE_TABLE_FOLD).as(ScoreColumns.FOLD_ID),
            col(ScoreColumns.RECORD_ID),
            TableReader.literalArray(names).as(ScoreColumns.LABELS));
  }

  private static Dataset<Row> normalizeFolds(Dataset<Row> raw, TargetsTable targets, String split) {
    TableReader.requireColumn(raw, ScoreColumns.FOLD_ID, "folds");
    TableReader.requireColumn(raw, ScoreColumns.RECORD_ID, "folds");
    Dataset<Row> f = raw;
    if (!"all".equals(split)) {
      TableReader.requireColumn(raw, ScoreColumns.SPLIT, "folds");
      f = f.filter(col(ScoreColumns.SPLIT).equalTo(split));
    }
    org.apache.spark.sql.Column labels;
    if (TableReader.hasColumn(raw, ScoreColumns.LABELS)) {
      labels = TableReader.asArray(raw, ScoreColumns.LABELS, DataTypes.StringType, "folds");
    } else if (!targets.labelColumns().isEmpty()) {
      labels = TableReader.literalArray(targets.labelColumns());
    } else {
      throw new IllegalArgumentException(
          "Cannot read the folds table: it has no labels column, and the targets table has no 0/1 "
              + "label columns to take the label list from");
    }
    return f.select(
        col(ScoreColumns.FOLD_ID).cast(DataTypes.StringType).as(ScoreColumns.FOLD_ID),
        col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType).as(ScoreColumns.RECORD_ID),
        labels.as(ScoreColumns.LABELS));
  }

  private static void requireUnique(Dataset<Row> counted, String table, String what) {
    List<Row> dups = counted.filter(col("count").gt(1)).limit(3).collectAsList();
    if (!dups.isEmpty()) {
      Row d = dups.get(0);
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < d.length() - 1; i++) {
        key.append(i == 0 ? "" : " / ").append(d.get(i));
      }
      throw new IllegalArgumentException(
          "Cannot read the "
              + table
              + " table: "
              + what
              + " "
              + key
              + " appears "
              + d.getLong(d.length() - 1)
              + " times");
    }
  }
}
