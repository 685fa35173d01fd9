package org.melep.inference;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.melep.corpus.CorpusSchema;
import org.melep.io.AtomicOutput;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the predictions table: every zoo checkpoint's outputs on every selected corpus record,
 * once per (checkpoint, record), incrementally.
 *
 * <p>A run reads the existing table at {@link #output}, keeps the rows whose {@code
 * checkpoint_sha256} matches the manifest (and all rows of checkpoints not in this zoo), drops the
 * rows of checkpoints whose sha256 changed, computes only the missing (checkpoint, record) pairs,
 * and writes old and new rows to a staging directory that {@link AtomicOutput} swaps into place.
 * When nothing is missing or stale, nothing is computed or written.
 *
 * <p>Usage: {@code PredictJob.on(spark).corpus(corpus).zoo(zoo).output(path).execute()}.
 */
public final class PredictJob {
  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
  public static final int DEFAULT_BATCH_SIZE = 32;
  /**
   * The command recorded in the predictions table's marker: {@code melep predict} and the inference
   * of {@code melep score} write the same table, so both mark it as predict's.
   */
  public static final String COMMAND = "predict";
  private static final String WHAT = "what";
  private static final String INFER = "infer";
  private static final String REUSE = "reuse";
  private static final String DROP = "drop";

  private final SparkSession spark;
  private Dataset<Row> corpus;
  private ZooManifest zoo;
  private String output;
  private Dataset<Row> recordIds;
  private int batchSize = DEFAULT_BATCH_SIZE;
  private RunnerOptions options = RunnerOptions.auto();
  private int partitions;

  private PredictJob(SparkSession spark) {
    this.spark = spark;
  }

  public static PredictJob on(SparkSession spark) {
    return new PredictJob(spark);
  }

  /** The canonical corpus ({@link CorpusSchema}); only its signal columns are read. */
  public PredictJob corpus(Dataset<Row> corpus) {
    this.corpus = corpus;
    return this;
  }

  public PredictJob zoo(ZooManifest zoo) {
    this.zoo = zoo;
    return this;
  }

  /** Path of the predictions table, read if it exists and replaced atomically. */
  public PredictJob output(String path) {
    this.output = path;
    return this;
  }

  /** Only these records (a {@code record_id} column, e.g. a folds table); default all. */
  public PredictJob recordIds(Dataset<Row> ids) {
    this.recordIds = ids;
    return this;
  }

  public PredictJob batchSize(int size) {
    this.batchSize = size;
    return this;
  }

  public PredictJob options(RunnerOptions runnerOptions) {
    this.options = runnerOptions;
    return this;
  }

  /** Repartition each checkpoint's input rows into this many tasks (0: keep the corpus's). */
  public PredictJob partitions(int n) {
    this.partitions = n;
    return this;
  }

  public PredictResult execute() {
    validate();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> existing = readExisting(conf);
    Dataset<Row> targets = targets();
    Dataset<Row> zooRows = zooRows();

    Dataset<Row> valid =
        existing == null
            ? null
            : existing.join(zooRows, joinOn(existing, zooRows), "left_semi");
    Dataset<Row> pairs = targets.crossJoin(zooRows.select(col(PredictionsTable.CHECKPOINT)));
    Dataset<Row> missing =
        valid == null
            ? pairs
            : pairs.join(
                valid.select(PredictionsTable.CHECKPOINT, PredictionsTable.RECORD_ID),
                scalaSeq(PredictionsTable.CHECKPOINT, PredictionsTable.RECORD_ID),
                "left_anti");
    missing = missing.cache();
    try {
      spark.sparkContext().setJobDescription("melep predict: find missing predictions");
      Dataset<Row> tagged = missing.select(lit(INFER).as(WHAT), col(PredictionsTable.CHECKPOINT));
      if (existing != null) {
        tagged =
            tagged
                .union(valid.select(lit(REUSE).as(WHAT), col(PredictionsTable.CHECKPOINT)))
                .union(stale(existing, zooRows).select(lit(DROP).as(WHAT), col(PredictionsTable.CHECKPOINT)));
      }
      Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
      for (String what : List.of(INFER, REUSE, DROP)) {
        counts.put(what, zeros());
      }
      for (Row r : tagged.groupBy(WHAT, PredictionsTable.CHECKPOINT).count().collectAsList()) {
        Map<String, Long> m = counts.get(r.getString(0));
        if (m.containsKey(r.getString(1))) {
          m.put(r.getString(1), r.getLong(2));
        }
      }
      Map<String, Long> inferred = counts.get(INFER);
      Map<String, Long> reused = counts.get(REUSE);
      Map<String, Long> invalidated = counts.get(DROP);
      long todo = inferred.values().stream().mapToLong(Long::longValue).sum();
      long drop = invalidated.values().stream().mapToLong(Long::longValue).sum();
      LOG.info(
          "Predictions {}: to infer {}, reused {}, invalidated {}", output, inferred, reused, invalidated);
      if (todo == 0 && drop == 0 && existing != null) {
        return new PredictResult(output, inferred, reused, invalidated, false, List.of(), 0, 0);
      }
      return write(conf, existing, zooRows, missing, inferred, reused, invalidated);
    } finally {
      missing.unpersist();
      spark.sparkContext().setJobDescription(null);
    }
  }

  private PredictResult write(
      Configuration conf,
      Dataset<Row> existing,
      Dataset<Row> zooRows,
      Dataset<Row> missing,
      Map<String, Long> inferred,
      Map<String, Long> reused,
      Map<String, Long> invalidated) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CollectionAccumulator<String> loads = spark.sparkContext().collectionAccumulator("melep.model.loads");
    LongAccumulator modelNanos = spark.sparkContext().longAccumulator("melep.model.nanos");
    LongAccumulator batchNanos = spark.sparkContext().longAccumulator("melep.batch.nanos");
    List<Broadcast<byte[]>> broadcasts = new ArrayList<>();
    Dataset<Row> all = existing == null ? null : kept(existing, zooRows);
    Dataset<Row> signals = corpus.select(PartitionPredictor.INPUT_COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
    for (CheckpointSpec spec : zoo.checkpoints()) {
      if (inferred.get(spec.name()) == 0) {
        continue;
      }
      byte[] bytes = CheckpointFiles.readVerified(spec, conf);
      Broadcast<byte[]> model = jsc.broadcast(bytes);
      broadcasts.add(model);
      Dataset<Row> input;
      if (existing == null && recordIds == null) {
        input = signals; // first run over the whole corpus: every record is missing
      } else {
        Dataset<Row> ids =
            missing
                .filter(col(PredictionsTable.CHECKPOINT).equalTo(spec.name()))
                .select(PredictionsTable.RECORD_ID);
        input = signals.join(ids, scalaSeq(CorpusSchema.RECORD_ID), "left_semi");
      }
      if (partitions > 0) {
        input = input.repartition(partitions);
      }
      PartitionPredictor predictor =
          new PartitionPredictor(spec, model, options, batchSize, loads, modelNanos, batchNanos);
      Dataset<Row> rows = PredictionsTable.fromBeans(input.mapPartitions(predictor, PredictionRow.ENCODER));
      all = all == null ? rows : all.unionByName(rows);
    }
    if (all == null) { // no table yet and nothing selected: write an empty table
      all = spark.createDataFrame(List.of(), PredictionsTable.SCHEMA);
    }
    AtomicOutput out = new AtomicOutput(output, COMMAND, conf);
    Path staging = out.stagingPath();
    try {
      spark.sparkContext().setJobDescription("melep predict: infer and write " + output);
      all.write().partitionBy(PredictionsTable.CHECKPOINT).parquet(staging.toString());
      out.commit(staging);
    } catch (Exception e) { // Spark throws its checked SparkException undeclared
      out.abort(staging);
      InferenceException cause = InferenceException.find(e);
      if (cause != null) {
        throw cause;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Cannot write predictions " + output + ": " + e.getMessage(), e);
    } finally {
      for (Broadcast<byte[]> b : broadcasts) {
        b.destroy();
      }
    }
    return new PredictResult(
        output,
        inferred,
        reused,
        invalidated,
        true,
        List.copyOf(loads.value()),
        modelNanos.value(),
        batchNanos.value());
  }

  private void validate() {
    if (corpus == null || zoo == null || output == null) {
      throw new IllegalArgumentException("Cannot predict: corpus, zoo and output must all be set");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("Cannot predict: batch size must be >= 1: " + batchSize);
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("Cannot predict: partitions must be >= 0: " + partitions);
    }
    StructType schema = corpus.schema();
    for (String c : PartitionPredictor.INPUT_COLUMNS) {
      if (!Arrays.asList(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("Cannot predict: corpus has no column " + c);
      }
      String expected = CorpusSchema.SCHEMA.apply(c).dataType().simpleString();
      String actual = schema.apply(c).dataType().simpleString();
      if (!expected.equals(actual)) {
        throw new IllegalArgumentException(
            "Cannot predict: corpus column " + c + " is " + actual + ", expected " + expected);
      }
    }
    if (recordIds != null && !Arrays.asList(recordIds.schema().fieldNames()).contains(CorpusSchema.RECORD_ID)) {
      throw new IllegalArgumentException("Cannot predict: the record selection has no column record_id");
    }
  }

  private Dataset<Row> readExisting(Configuration conf) {
    try {
      Path p = new Path(output);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return null;
      }
      return PredictionsTable.read(spark, output);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read predictions table " + output + ": " + e.getMessage(), e);
    }
  }

  private Dataset<Row> targets() {
    Dataset<Row> all = corpus.select(CorpusSchema.RECORD_ID);
    if (recordIds == null) {
      return all;
    }
    Dataset<Row> selected = recordIds.select(CorpusSchema.RECORD_ID).distinct();
    spark.sparkContext().setJobDescription("melep predict: check the record selection");
    List<Row> unknown =
        selected.join(all, scalaSeq(CorpusSchema.RECORD_ID), "left_anti").limit(5).collectAsList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot predict: selected records are not in the corpus, e.g. "
              + unknown.stream().map(r -> r.getString(0)).toList());
    }
    return selected;
  }

  private Dataset<Row> zooRows() {
    List<Row> rows = new ArrayList<>();
    for (CheckpointSpec c : zoo.checkpoints()) {
      rows.add(RowFactory.create(c.name(), c.sha256()));
    }
    StructType schema =
        new StructType()
            .add(PredictionsTable.CHECKPOINT, DataTypes.StringType, false)
            .add("zoo_sha256", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static Column joinOn(Dataset<Row> existing, Dataset<Row> zooRows) {
    return existing
        .col(PredictionsTable.CHECKPOINT)
        .equalTo(zooRows.col(PredictionsTable.CHECKPOINT))
        .and(existing.col(PredictionsTable.CHECKPOINT_SHA256).equalTo(zooRows.col("zoo_sha256")));
  }

  /** Existing rows of zoo checkpoints whose sha256 differs from the manifest's. */
  private static Dataset<Row> stale(Dataset<Row> existing, Dataset<Row> zooRows) {
    return existing.join(
        zooRows,
        existing
            .col(PredictionsTable.CHECKPOINT)
            .equalTo(zooRows.col(PredictionsTable.CHECKPOINT))
            .and(existing.col(PredictionsTable.CHECKPOINT_SHA256).notEqual(zooRows.col("zoo_sha256"))),
        "left_semi");
  }

  /** Existing rows to keep: all but the stale ones. */
  private static Dataset<Row> kept(Dataset<Row> existing, Dataset<Row> zooRows) {
    return existing.join(
        zooRows,
        existing
            .col(PredictionsTable.CHECKPOINT)
            .equalTo(zooRows.col(PredictionsTable.CHECKPOINT))
            .and(existing.col(PredictionsTable.CHECKPOINT_SHA256).notEqual(zooRows.col("zoo_sha256"))),
        "left_anti");
  }

  private Map<String, Long> zeros() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (CheckpointSpec c : zoo.checkpoints()) {
      m.put(c.name(), 0L);
    }
    return m;
  }

  static scala.collection.Seq<String> scalaSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBufferConverter(Arrays.asList(names)).asScala().toSeq();
  }

  /** Rows per checkpoint in the table at {@code path}, for reports. */
  public static Map<String, Long> countRows(SparkSession spark, String path) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : spark.read().parquet(path).groupBy(PredictionsTable.CHECKPOINT).count().collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }
}
