package org.melep.fold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.melep.corpus.CorpusSchema;
import org.melep.io.AtomicOutput;
import org.melep.labels.LabelSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * {@code melep folds}: draws the target tasks of the paper from a corpus with {@link FoldProtocol}
 * and writes the folds table ({@link FoldsSchema#SCHEMA}) and its per-fold summary ({@link
 * FoldsSchema#SUMMARY_SCHEMA}, at {@link FoldsSchema#summaryPath}), both atomically.
 *
 * <p>Only {@code (record_id, label mask)} of the chosen dataset's records with a positive in the
 * label pool goes to the driver (the executors compute the 64-bit mask over the pool from {@code
 * labels_<set>}): about 100-150 bytes per record while collecting, so 10 million records need 1-1.5
 * GB of driver memory; the folds themselves are {@code folds x records-per-fold} rows.
 */
public final class FoldsJob {
  private static final Logger LOG = LoggerFactory.getLogger(FoldsJob.class);

  /** Protocols: {@code csn} (CSN labels) and {@code ptbxl} (PTB-XL superclasses). */
  public static final List<String> PROTOCOLS = List.of("csn", "ptbxl");

  private final Supplier<SparkSession> sparkSupplier;
  private SparkSession spark;
  private String corpus;
  private String out;
  private String protocolName = "csn";
  private String dataset;
  private long seed = 1;
  private int folds = 100;
  private int recordsPerFold = 1000;
  private double trainFraction = 0.7;
  private Integer minLabels;
  private Integer maxLabels;
  private boolean allowSmaller;
  private boolean keepFlagged;
  private int maxAttempts = 20;
  private Integer labels;
  private boolean prevalenceMatched;
  private Integer testSize;

  public FoldsJob(SparkSession spark) {
    this(() -> spark);
  }

  /** A job whose Spark session is created only once the options are valid ({@link #validate}). */
  public FoldsJob(Supplier<SparkSession> spark) {
    this.sparkSupplier = spark;
  }

  public FoldsJob corpus(String p) {
    this.corpus = p;
    return this;
  }

  public FoldsJob out(String p) {
    this.out = p;
    return this;
  }

  public FoldsJob protocol(String p) {
    this.protocolName = p;
    return this;
  }

  /**
   * The dataset to draw from (null: {@code csn} or {@code sim_csn}, {@code ptbxl} or {@code
   * sim_ptbxl}).
   */
  public FoldsJob dataset(String d) {
    this.dataset = d;
    return this;
  }

  public FoldsJob seed(long s) {
    this.seed = s;
    return this;
  }

  public FoldsJob folds(int n) {
    this.folds = n;
    return this;
  }

  public FoldsJob recordsPerFold(int n) {
    this.recordsPerFold = n;
    return this;
  }

  public FoldsJob trainFraction(double f) {
    this.trainFraction = f;
    return this;
  }

  public FoldsJob minLabels(Integer n) {
    this.minLabels = n;
    return this;
  }

  public FoldsJob maxLabels(Integer n) {
    this.maxLabels = n;
    return this;
  }

  public FoldsJob allowSmaller(boolean b) {
    this.allowSmaller = b;
    return this;
  }

  public FoldsJob keepFlagged(boolean b) {
    this.keepFlagged = b;
    return this;
  }

  public FoldsJob maxAttempts(int n) {
    this.maxAttempts = n;
    return this;
  }

  /** A fixed number of labels per fold (null: the protocol's range; excludes min/max labels). */
  public FoldsJob labels(Integer k) {
    this.labels = k;
    return this;
  }

  /** Prevalence-matched label draws ({@link FoldProtocol#prevalenceMatched}). */
  public FoldsJob prevalenceMatched(boolean b) {
    this.prevalenceMatched = b;
    return this;
  }

  /** Test records per fold (null: the paper's split of records-per-fold). */
  public FoldsJob testSize(Integer n) {
    this.testSize = n;
    return this;
  }

  /**
   * Checks the options and builds the protocol without touching Spark or the corpus: invalid
   * options fail here, before a Spark session starts.
   */
  public FoldProtocol validate() {
    if (corpus == null || out == null) {
      throw new IllegalArgumentException("Cannot draw folds: need --corpus and --out");
    }
    if (!PROTOCOLS.contains(protocolName)) {
      throw new IllegalArgumentException(
          "Cannot draw folds: unknown --protocol (known: " + PROTOCOLS + "): " + protocolName);
    }
    if (labels != null && (minLabels != null || maxLabels != null)) {
      throw new IllegalArgumentException(
          "Cannot draw folds: --labels "
              + labels
              + " fixes the number of labels; drop --min-labels/--max-labels");
    }
    List<String> pool = LabelSets.defaults().labelSet(protocolName).labels();
    FoldProtocol protocol =
        (protocolName.equals("csn") ? FoldProtocol.csn(pool) : FoldProtocol.ptbxl(pool))
            .seed(seed)
            .folds(folds)
            .recordsPerFold(recordsPerFold)
            .trainFraction(trainFraction)
            .allowSmaller(allowSmaller)
            .redrawFlagged(!keepFlagged)
            .maxAttempts(maxAttempts)
            .prevalenceMatched(prevalenceMatched)
            .testSize(testSize);
    if (labels != null) {
      if (labels < 1 || labels > pool.size()) {
        throw new IllegalArgumentException(
            "Cannot draw folds: --labels must be in [1, " + pool.size() + "]: " + labels);
      }
      protocol.labels(labels);
    } else {
      int defaultMax = protocolName.equals("csn") ? Math.min(10, pool.size()) : pool.size();
      protocol.labelRange(
          minLabels == null ? 2 : minLabels, maxLabels == null ? defaultMax : maxLabels);
    }
    return protocol.validate();
  }

  /** What a run wrote. */
  public record Result(
      String dataset,
      long corpusRecords,
      long eligibleRecords,
      List<Fold> folds,
      String out,
      String summaryOut) {
    public long flaggedFolds() {
      return folds.stream().filter(Fold::flagged).count();
    }

    public long redraws() {
      return folds.stream().mapToLong(Fold::attempt).sum();
    }
  }

  public Result execute() {
    FoldProtocol protocol = validate();
    List<String> pool = protocol.pool();
    spark = sparkSupplier.get();

    String labelColumn = CorpusSchema.labelColumn(protocolName);
    Dataset<Row> df;
    try {
      df = spark.read().parquet(corpus);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "Cannot read corpus: " + corpus + ": " + e.getMessage(), e);
    }
    for (String c : List.of(CorpusSchema.RECORD_ID, CorpusSchema.DATASET, labelColumn)) {
      if (!Arrays.asList(df.columns()).contains(c)) {
        throw new IllegalArgumentException(
            "Cannot draw folds: corpus "
                + corpus
                + " has no column "
                + c
                + ": "
                + Arrays.toString(df.columns()));
      }
    }
    String ds = dataset != null ? dataset : defaultDataset(df);
    Dataset<Row> records = df.filter(col(CorpusSchema.DATASET).equalTo(ds));
    spark.sparkContext().setJobDescription("folds: count records of " + ds);
    long corpusRecords = records.count();
    if (corpusRecords == 0) {
      throw new IllegalArgumentException(
          "Cannot draw folds: corpus " + corpus + " has no record of dataset " + ds);
    }
    Column poolArray = array(pool.stream().map(l -> lit(l)).toArray(Column[]::new));
    spark.sparkContext().setJobDescription("folds: collect labels of " + ds);
    // executors turn each label array into a 64-bit mask over the pool (-1: null array), so the
    // driver receives (record_id, mask) pairs only
    List<String> poolCopy = List.copyOf(pool);
    List<Tuple2<String, Long>> rows =
        records
            .select(col(CorpusSchema.RECORD_ID), col(labelColumn))
            .filter(col(labelColumn).isNull().or(arrays_overlap(col(labelColumn), poolArray)))
            .map(
                (MapFunction<Row, Tuple2<String, Long>>)
                    r -> new Tuple2<>(r.getString(0), r.isNullAt(1) ? -1L : mask(poolCopy, r)),
                Encoders.tuple(Encoders.STRING(), Encoders.LONG()))
            .collectAsList();
    String[] ids = new String[rows.size()];
    long[] masks = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Tuple2<String, Long> r = rows.get(i);
      ids[i] = r._1();
      masks[i] = r._2();
      if (masks[i] == -1L) {
        throw new IllegalArgumentException(
            "Cannot draw folds: record " + ids[i] + " of " + corpus + " has a null " + labelColumn);
      }
    }
    LOG.info(
        "{} of {} records of {} have a positive among {}", ids.length, corpusRecords, ds, pool);
    List<Fold> drawn = protocol.draw(ids, masks, corpusRecords);

    String summaryOut = FoldsSchema.summaryPath(out);
    write(foldRows(drawn), FoldsSchema.SCHEMA.fields(), out, "folds: write " + out);
    write(
        summaryRows(drawn),
        FoldsSchema.SUMMARY_SCHEMA.fields(),
        summaryOut,
        "folds: write summary");
    spark.sparkContext().setJobDescription(null);
    return new Result(ds, corpusRecords, ids.length, drawn, out, summaryOut);
  }

  /** Bit {@code i} set when label {@code pool[i]} is in the row's label array (column 1). */
  private static long mask(List<String> pool, Row r) {
    long m = 0;
    for (Object label : r.getList(1)) {
      int i = pool.indexOf(label);
      if (i >= 0) {
        m |= 1L << i;
      }
    }
    return m;
  }

  private String defaultDataset(Dataset<Row> df) {
    List<String> present = new ArrayList<>();
    for (Row r : df.select(CorpusSchema.DATASET).distinct().collectAsList()) {
      present.add(r.getString(0));
    }
    for (String candidate : List.of(protocolName, "sim_" + protocolName)) {
      if (present.contains(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "Cannot draw folds: corpus "
            + corpus
            + " has neither dataset "
            + protocolName
            + " nor sim_"
            + protocolName
            + " (it has "
            + present
            + "); choose one with --dataset");
  }

  private void write(List<Row> rows, StructField[] fields, String path, String description) {
    spark.sparkContext().setJobDescription(description);
    AtomicOutput output =
        new AtomicOutput(path, "folds", spark.sparkContext().hadoopConfiguration());
    Path staging = output.stagingPath();
    try {
      spark
          .createDataFrame(rows, new org.apache.spark.sql.types.StructType(fields))
          .coalesce(1)
          .write()
          .parquet(staging.toString());
      output.commit(staging);
    } catch (RuntimeException e) {
      output.abort(staging);
      throw e;
    }
  }

  /** The folds table rows: train records first, then test, per fold. */
  public static List<Row> foldRows(List<Fold> folds) {
    List<Row> rows = new ArrayList<>();
    for (Fold f : folds) {
      for (String id : f.train()) {
        rows.add(RowFactory.create(f.foldId(), f.nLabels(), f.labels(), id, FoldsSchema.TRAIN));
      }
      for (String id : f.test()) {
        rows.add(RowFactory.create(f.foldId(), f.nLabels(), f.labels(), id, FoldsSchema.TEST));
      }
    }
    return rows;
  }

  /** The summary rows: one per (fold, label). */
  public static List<Row> summaryRows(List<Fold> folds) {
    List<Row> rows = new ArrayList<>();
    for (Fold f : folds) {
      for (int c = 0; c < f.nLabels(); c++) {
        rows.add(
            RowFactory.create(
                f.foldId(),
                f.nLabels(),
                f.labels().get(c),
                f.train().size(),
                f.test().size(),
                f.trainPositives()[c],
                f.testPositives()[c],
                f.eligible(),
                f.attempt(),
                f.flagged(),
                f.flagReason()));
      }
    }
    return rows;
  }
}
