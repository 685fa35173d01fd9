package org.melep.score;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.melep.stats.PositiveLabels;

/**
 * {@link FoldMembership} built on the driver: one scan of the folds table and one of the targets
 * (Spark's internal rows, no string decoded per row but the ids), each partition sending the driver
 * a compact summary; the driver checks them, joins them and encodes every record's memberships. No
 * shuffle, and no fold row read twice: the row checks of {@link FoldsInput#check} are made in the
 * same scan, with the same messages.
 *
 * <p>Used when the folds and targets tables together have at most {@link #limit()} rows ({@value
 * #ROWS_PROPERTY}, default {@value #DEFAULT_ROWS}; 0 always builds with Spark) and their estimated
 * footprint is at most a quarter of the driver's heap ({@link #fits}): their ids and the
 * memberships must fit in the driver's memory, as the broadcast memberships must anyway.
 */
final class DriverFoldMembership {
  static final String ROWS_PROPERTY = "melep.score.driverFoldRows";
  static final long DEFAULT_ROWS = 4_000_000L;

  private DriverFoldMembership() {}

  /** The largest folds + targets row count built on the driver. */
  static long limit() {
    return Long.getLong(ROWS_PROPERTY, DEFAULT_ROWS);
  }

  /**
   * Driver heap per fold row (its record code while the partitions' summaries are joined, its
   * membership entry) and per target row (its id, bit set and map entry while it is built: about
   * 125 bytes measured with 1,000,000 target records, plus the partitions' summaries), estimates.
   */
  static final long BYTES_PER_FOLD_ROW = 32;

  static final long BYTES_PER_TARGET_ROW = 200;

  /**
   * Whether tables of these sizes are built on the driver: at most {@link #limit()} rows together,
   * and an estimated footprint of at most a quarter of the driver's heap ({@code maxHeap}).
   */
  static boolean fits(long foldRows, long targetRows, long maxHeap) {
    long limit = limit();
    return limit > 0
        && foldRows + targetRows <= limit
        && foldRows * BYTES_PER_FOLD_ROW + targetRows * BYTES_PER_TARGET_ROW <= maxHeap / 4;
  }

  /**
   * @param split {@code train}, {@code test} or {@code all}; ignored without folds
   */
  static FoldMembership of(TargetsTable targets, Dataset<Row> foldsOrNull, String split) {
    Dataset<Row> folds = foldsOrNull;
    boolean wholeTable = folds == null;
    if (wholeTable) {
      folds = FoldMembership.wholeTableFold(targets);
      split = "all";
    }
    TableReader.requireColumn(folds, ScoreColumns.FOLD_ID, "folds");
    TableReader.requireColumn(folds, ScoreColumns.RECORD_ID, "folds");
    boolean hasSplit = TableReader.hasColumn(folds, ScoreColumns.SPLIT);
    boolean hasLabels = TableReader.hasColumn(folds, ScoreColumns.LABELS);
    Column labels =
        hasLabels
            ? TableReader.asArray(folds, ScoreColumns.LABELS, DataTypes.StringType, "folds")
            : functions.array(functions.lit("-"));
    Dataset<Row> scanned =
        folds.select(
            col(ScoreColumns.FOLD_ID).cast(DataTypes.StringType),
            col(ScoreColumns.RECORD_ID).cast(DataTypes.StringType),
            hasSplit
                ? col(ScoreColumns.SPLIT).cast(DataTypes.StringType)
                : functions.lit(null).cast(DataTypes.StringType),
            labels);
    List<FoldScan> parts =
        scanned
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new ScanFolds(hasSplit, hasLabels, wholeTable ? null : split))
            .collect();
    for (FoldScan p : parts) {
      if (p.problem != null) {
        throw new InvalidValueException(p.problem);
      }
    }
    if (!"all".equals(split)) {
      TableReader.requireColumn(folds, ScoreColumns.SPLIT, "folds");
    }

    // folds: label lists and records (global record codes), in first-seen order
    Map<String, Integer> recordCode = new HashMap<>();
    List<String> recordNames = new ArrayList<>();
    Map<String, FoldAcc> byFold = new LinkedHashMap<>();
    for (FoldScan p : parts) {
      int[] global = new int[p.recordNames.length];
      for (int r = 0; r < global.length; r++) {
        String name = p.recordNames[r];
        Integer code = recordCode.get(name);
        if (code == null) {
          code = recordNames.size();
          recordCode.put(name, code);
          recordNames.add(name);
        }
        global[r] = code;
      }
      for (int f = 0; f < p.folds.length; f++) {
        FoldAcc acc = byFold.computeIfAbsent(p.folds[f], k -> new FoldAcc());
        for (String[] list : p.labelLists[f]) {
          acc.lists.add(List.of(list));
        }
        int[] codes = p.records[f];
        acc.ensure(codes.length);
        for (int code : codes) {
          acc.records[acc.size++] = global[code];
        }
      }
    }

    // targets: one entry per record, its positive labels among the folds' labels (as codes)
    Map<String, Integer> labelCode = new HashMap<>();
    boolean fromLabelColumns = !hasLabels && !wholeTable; // every fold takes these
    if (fromLabelColumns) {
      for (String l : targets.labelColumns()) {
        labelCode.putIfAbsent(l, labelCode.size());
      }
    } else {
      for (FoldAcc acc : byFold.values()) {
        for (List<String> list : acc.lists) {
          for (String l : list) {
            labelCode.putIfAbsent(l, labelCode.size());
          }
        }
      }
    }
    Map<String, long[]> targetBits = targets(targets, labelCode);
    if (fromLabelColumns) {
      if (targets.labelColumns().isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot read the folds table: it has no labels column, and the targets table has no 0/1 "
                + "label columns to take the label list from");
      }
      for (FoldAcc acc : byFold.values()) {
        acc.lists.clear();
        acc.lists.add(List.copyOf(targets.labelColumns()));
      }
    }

    List<String> ids = new ArrayList<>(byFold.keySet());
    for (String id : ids) {
      FoldAcc acc = byFold.get(id);
      if (acc.lists.size() != 1) {
        throw new IllegalArgumentException(
            "Cannot read the folds table: fold "
                + id
                + " lists "
                + acc.lists.size()
                + " different label lists");
      }
      List<String> list = acc.lists.iterator().next();
      if (list.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot read the folds table: fold " + id + " has no labels");
      }
      PositiveLabels.requireNoRepeats(id, list);
    }
    FoldMembership.sortFoldIds(ids);

    // every record's memberships, fold by fold in index order: fold, k, positives
    int[] lastFold = new int[recordNames.size()];
    Arrays.fill(lastFold, -1);
    IntList[] entries = new IntList[recordNames.size()];
    long[][] bitsOf = new long[recordNames.size()][];
    for (int r = 0; r < bitsOf.length; r++) {
      bitsOf[r] = targetBits.get(recordNames.get(r));
    }
    List<List<String>> foldLabels = new ArrayList<>();
    Map<String, Long> foldRecords = new HashMap<>();
    Map<String, Long> missing = new HashMap<>();
    for (int f = 0; f < ids.size(); f++) {
      String id = ids.get(f);
      FoldAcc acc = byFold.get(id);
      List<String> list = acc.lists.iterator().next();
      foldLabels.add(list);
      int[] codes = new int[list.size()];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = labelCode.get(list.get(i));
      }
      long withTargets = 0;
      long without = 0;
      for (int q = 0; q < acc.size; q++) {
        int r = acc.records[q];
        if (lastFold[r] == f) {
          int times = 0;
          for (int s = 0; s < acc.size; s++) {
            times += acc.records[s] == r ? 1 : 0;
          }
          throw new IllegalArgumentException(
              "Cannot read the folds table: fold and record "
                  + id
                  + " / "
                  + recordNames.get(r)
                  + " appears "
                  + times
                  + " times");
        }
        lastFold[r] = f;
        long[] bits = bitsOf[r];
        if (bits == null) {
          without++;
          continue;
        }
        withTargets++;
        IntList e = entries[r] == null ? (entries[r] = new IntList()) : entries[r];
        int at = e.size;
        e.add(f);
        e.add(0);
        int k = 0;
        for (int i = 0; i < codes.length; i++) {
          int c = codes[i];
          if ((bits[c >>> 6] >>> c & 1L) != 0) {
            e.add(i);
            k++;
          }
        }
        e.data[at + 1] = k;
      }
      foldRecords.put(id, withTargets);
      missing.put(id, without);
    }
    Map<String, int[]> byRecord = new HashMap<>();
    for (int r = 0; r < entries.length; r++) {
      if (entries[r] != null) {
        byRecord.put(recordNames.get(r), Arrays.copyOf(entries[r].data, entries[r].size));
      }
    }
    // only the ids are kept (for coverage): the bit sets are dropped
    long[] none = new long[0];
    targetBits.replaceAll((id, bits) -> none);
    return FoldMembership.onDriver(
        folds.sparkSession(),
        byRecord,
        targetBits.keySet(),
        List.copyOf(ids),
        List.copyOf(foldLabels),
        foldRecords,
        missing);
  }

  /**
   * Every target record with the bit set of its positive labels among {@code labelCode} (labels of
   * no fold are left out); a record listed twice is an error naming it.
   */
  private static Map<String, long[]> targets(TargetsTable targets, Map<String, Integer> labelCode) {
    Dataset<Row> rows =
        targets.rows().select(col(ScoreColumns.RECORD_ID), col(TargetsTable.TARGET_LABELS));
    List<TargetScan> parts =
        rows.queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new ScanTargets(labelCode))
            .collect();
    Map<String, long[]> out = new HashMap<>();
    for (TargetScan p : parts) {
      for (int r = 0; r < p.ids.length; r++) {
        if (out.put(p.ids[r], p.bits[r]) != null) {
          long times = 0;
          for (TargetScan q : parts) {
            for (String id : q.ids) {
              times += p.ids[r].equals(id) ? 1 : 0;
            }
          }
          throw new IllegalArgumentException(
              "Cannot read the targets table: record " + p.ids[r] + " appears " + times + " times");
        }
      }
    }
    return out;
  }

  /** A growing int array. */
  private static final class IntList {
    int[] data = new int[8];
    int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, 2 * size);
      }
      data[size++] = v;
    }
  }

  /** One fold's label lists and records as the driver joins the partitions' summaries. */
  private static final class FoldAcc {
    final LinkedHashSet<List<String>> lists = new LinkedHashSet<>();
    int[] records = new int[16];
    int size;

    void ensure(int more) {
      if (size + more > records.length) {
        records = Arrays.copyOf(records, Math.max(size + more, 2 * records.length));
      }
    }
  }

  /** One partition's folds: the first unusable row, or each fold's label lists and records. */
  static final class FoldScan implements Serializable {
    private static final long serialVersionUID = 1L;
    String problem;
    String[] folds;
    String[][][] labelLists; // per fold: its distinct label lists (one, unless the table is wrong)
    int[][] records; // per fold: codes into recordNames
    String[] recordNames;
  }

  /** One partition's target records and their positive labels (bit sets over label codes). */
  static final class TargetScan implements Serializable {
    private static final long serialVersionUID = 1L;
    String[] ids;
    long[][] bits;
  }

  /** Per-partition scan of {@code (fold, record, split, labels)} internal rows. */
  static final class ScanFolds implements FlatMapFunction<Iterator<InternalRow>, FoldScan> {
    private static final long serialVersionUID = 1L;
    private static final UTF8String TRAIN = UTF8String.fromString("train");
    private static final UTF8String TEST = UTF8String.fromString("test");
    private final boolean hasSplit;
    private final boolean hasLabels;
    private final String split; // null: every row

    ScanFolds(boolean hasSplit, boolean hasLabels, String split) {
      this.hasSplit = hasSplit;
      this.hasLabels = hasLabels;
      this.split = split == null || "all".equals(split) ? null : split;
    }

    @Override
    public Iterator<FoldScan> call(Iterator<InternalRow> rows) {
      UTF8String wanted = split == null ? null : UTF8String.fromString(split);
      DistinctLists.PerKey folds = new DistinctLists.PerKey(); // fold -> its label lists
      List<int[]> records = new ArrayList<>(); // per fold slot: record codes, then their count
      int[] sizes = new int[16];
      HashMap<UTF8String, Integer> recordCode = new HashMap<>();
      List<String> recordNames = new ArrayList<>();
      FoldScan out = new FoldScan();
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        String problem = problem(row);
        if (problem != null) {
          out.problem = problem;
          return List.of(out).iterator();
        }
        UTF8String s = row.isNullAt(2) ? null : row.getUTF8String(2);
        if (wanted != null && !wanted.equals(s)) {
          continue;
        }
        int f = folds.slot(row.getUTF8String(0));
        if (f == records.size()) {
          records.add(new int[16]);
          if (f == sizes.length) {
            sizes = Arrays.copyOf(sizes, 2 * f);
          }
        }
        if (hasLabels) {
          folds.add(f, row.getArray(3));
        }
        UTF8String record = row.getUTF8String(1);
        Integer code = recordCode.get(record);
        if (code == null) {
          code = recordNames.size();
          recordCode.put(record.clone(), code);
          recordNames.add(record.toString());
        }
        int[] codes = records.get(f);
        if (sizes[f] == codes.length) {
          codes = Arrays.copyOf(codes, 2 * codes.length);
          records.set(f, codes);
        }
        codes[sizes[f]++] = code;
      }
      out.folds = folds.keys();
      out.labelLists = folds.lists();
      out.records = new int[folds.size()][];
      for (int f = 0; f < out.records.length; f++) {
        out.records[f] = Arrays.copyOf(records.get(f), sizes[f]);
      }
      out.recordNames = recordNames.toArray(new String[0]);
      return List.of(out).iterator();
    }

    /** {@link FoldsInput#problem} of the row, decoding its values only when one is wrong. */
    private String problem(InternalRow row) {
      boolean bad = row.isNullAt(0) || row.isNullAt(1);
      if (!bad && hasSplit) {
        UTF8String s = row.isNullAt(2) ? null : row.getUTF8String(2);
        bad = s == null || !(TRAIN.equals(s) || TEST.equals(s));
      }
      ArrayData labels = row.isNullAt(3) ? null : row.getArray(3);
      if (!bad) {
        bad = labels == null || labels.numElements() == 0;
        for (int i = 0; !bad && i < labels.numElements(); i++) {
          bad = labels.isNullAt(i);
        }
      }
      if (!bad) {
        return null;
      }
      return FoldsInput.problem(
          text(row, 0),
          text(row, 1),
          hasSplit ? text(row, 2) : "train",
          labels == null ? null : Arrays.asList(DistinctLists.strings(labels)));
    }

    private static String text(InternalRow row, int i) {
      return row.isNullAt(i) ? null : row.getUTF8String(i).toString();
    }
  }

  /** Per-partition scan of {@code (record_id, target_labels)} internal rows. */
  static final class ScanTargets implements FlatMapFunction<Iterator<InternalRow>, TargetScan> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> labelCode;

    ScanTargets(Map<String, Integer> labelCode) {
      this.labelCode = new HashMap<>(labelCode);
    }

    @Override
    public Iterator<TargetScan> call(Iterator<InternalRow> rows) {
      int words = Math.max(1, (labelCode.size() + 63) / 64);
      List<String> ids = new ArrayList<>();
      List<long[]> bits = new ArrayList<>();
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        long[] b = new long[words];
        if (!row.isNullAt(1)) {
          ArrayData labels = row.getArray(1);
          for (int i = 0; i < labels.numElements(); i++) {
            if (!labels.isNullAt(i)) {
              Integer c = labelCode.get(labels.getUTF8String(i).toString());
              if (c != null) {
                b[c >>> 6] |= 1L << c;
              }
            }
          }
        }
        ids.add(row.isNullAt(0) ? null : row.getUTF8String(0).toString());
        bits.add(b);
      }
      TargetScan out = new TargetScan();
      out.ids = ids.toArray(new String[0]);
      out.bits = bits.toArray(new long[0][]);
      return List.of(out).iterator();
    }
  }
}
