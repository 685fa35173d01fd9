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
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.melep.corpus.CorpusSchema;
import org.melep.io.AtomicOutput;
import org.melep.spark.FaultInjection;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.ZooManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the predictions table: every zoo checkpoint's outputs on every selected corpus record,
 * once per (checkpoint, record), incrementally.
 *
 * <p>A run reads the existing table at {@link #output}, keeps the rows whose {@code
 * checkpoint_sha256}, {@code contract_sha256} ({@link ContractHash#of}) and, for the selected
 * records, {@code signal_fingerprint} ({@link ContractHash#signalFingerprint}) match the manifest
 * and the corpus (and all rows of checkpoints not in this zoo), drops the other rows of the zoo's
 * checkpoints (stale), computes only the missing (checkpoint, record) pairs, and writes old and new
 * rows to a staging directory that {@link AtomicOutput} swaps into place. When nothing is missing
 * or stale, nothing is computed or written.
 *
 * <p>Usage: {@code PredictJob.on(spark).corpus(corpus).zoo(zoo).output(path).execute()}.
 */
public final class PredictJob {
  private static final Logger LOG = LoggerFactory.getLogger(PredictJob.class);
  public static final int DEFAULT_BATCH_SIZE = PredictOptions.DEFAULT_BATCH_SIZE;

  /**
   * The command recorded in the predictions table's marker: {@code melep predict} and the inference
   * of {@code melep score} write the same table, so both mark it as predict's.
   */
  public static final String COMMAND = "predict";

  private static final String WHAT = "what";
  private static final String INFER = "infer";
  private static final String REUSE = "reuse";
  private static final String DROP = "drop";
  private static final String STATE = "_state";
  private static final String VALID = "valid";
  private static final String STALE = "stale";
  private static final String OTHER = "other";
  private static final String ZOO_SHA256 = "_zoo_sha256";
  private static final String ZOO_CONTRACT = "_zoo_contract";
  private static final String CURRENT_FINGERPRINT = "_current_fingerprint";

  private final SparkSession spark;
  private Dataset<Row> corpus;
  private ZooManifest zoo;
  private String output;
  private Dataset<Row> recordIds;
  private PredictOptions settings = PredictOptions.DEFAULTS;
  private boolean isolateFailures;
  private boolean features;

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

  /** Batch size, runner options and partitions at once (each checked by {@link PredictOptions}). */
  public PredictJob with(PredictOptions value) {
    this.settings = java.util.Objects.requireNonNull(value, "Cannot predict: no options");
    return this;
  }

  public PredictJob batchSize(int size) {
    this.settings = settings.withBatchSize(size);
    return this;
  }

  public PredictJob options(RunnerOptions runnerOptions) {
    this.settings = settings.withRunner(runnerOptions);
    return this;
  }

  /** Repartition each checkpoint's input rows into this many tasks (0: keep the corpus's). */
  public PredictJob partitions(int n) {
    this.settings = settings.withPartitions(n);
    return this;
  }

  /**
   * Keep going when one checkpoint's inference fails with bad outputs or a model error: its new
   * rows are not written, it is reported in {@link PredictResult#failed()}, and every other
   * checkpoint is inferred and written. Default false: the first failure aborts the run.
   */
  public PredictJob isolateFailures(boolean value) {
    this.isolateFailures = value;
    return this;
  }

  /**
   * Also store each checkpoint's feature output (its zoo entry's {@code features}) in the {@link
   * PredictionsTable#FEATURES} column. Rows that have predictions but no features are re-inferred
   * (counted as invalidated); every checkpoint of the zoo must name a feature output. Without it,
   * rows keep whatever features they have and new rows get none.
   */
  public PredictJob features(boolean value) {
    this.features = value;
    return this;
  }

  public PredictResult execute() {
    validate();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Dataset<Row> existing = readExisting(conf);
    Dataset<Row> targets = targets();
    Dataset<Row> zooRows = zooRows();

    Dataset<Row> tagged = existing == null ? null : tag(existing, zooRows, targets).cache();
    Dataset<Row> valid = tagged == null ? null : tagged.filter(col(STATE).equalTo(VALID));
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
      Dataset<Row> whats = missing.select(lit(INFER).as(WHAT), col(PredictionsTable.CHECKPOINT));
      if (tagged != null) {
        whats =
            whats.union(
                tagged
                    .filter(col(STATE).isin(VALID, STALE))
                    .select(
                        functions
                            .when(col(STATE).equalTo(VALID), lit(REUSE))
                            .otherwise(lit(DROP))
                            .as(WHAT),
                        col(PredictionsTable.CHECKPOINT)));
      }
      Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
      for (String what : List.of(INFER, REUSE, DROP)) {
        counts.put(what, zeros());
      }
      for (Row r : whats.groupBy(WHAT, PredictionsTable.CHECKPOINT).count().collectAsList()) {
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
          "Predictions {}: to infer {}, reused {}, invalidated {}",
          output,
          inferred,
          reused,
          invalidated);
      if (todo == 0 && drop == 0 && existing != null) {
        return new PredictResult(
            output, inferred, reused, invalidated, Map.of(), false, List.of(), 0, 0);
      }
      Dataset<Row> kept =
          tagged == null
              ? null
              : PredictionsTable.conform(tagged.filter(col(STATE).notEqual(STALE)), output);
      return write(conf, existing, kept, missing, inferred, reused, invalidated);
    } finally {
      missing.unpersist();
      if (tagged != null) {
        tagged.unpersist();
      }
      spark.sparkContext().setJobDescription(null);
    }
  }

  private PredictResult write(
      Configuration conf,
      Dataset<Row> existing,
      Dataset<Row> kept,
      Dataset<Row> missing,
      Map<String, Long> inferred,
      Map<String, Long> reused,
      Map<String, Long> invalidated) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CollectionAccumulator<String> loads =
        spark.sparkContext().collectionAccumulator("melep.model.loads");
    LongAccumulator modelNanos = spark.sparkContext().longAccumulator("melep.model.nanos");
    LongAccumulator batchNanos = spark.sparkContext().longAccumulator("melep.batch.nanos");
    Dataset<Row> signals = signals(corpus);
    Map<String, String> failed = new TreeMap<>();
    Map<String, Long> done = new LinkedHashMap<>(inferred);
    AtomicOutput out = new AtomicOutput(output, COMMAND, conf);
    Path staging = out.stagingPath();
    try {
      spark.sparkContext().setJobDescription("melep predict: keep valid predictions of " + output);
      (kept != null ? kept : spark.createDataFrame(List.of(), PredictionsTable.SCHEMA))
          .write()
          .partitionBy(PredictionsTable.CHECKPOINT)
          .parquet(staging.toString());
      for (CheckpointSpec spec : zoo.checkpoints()) {
        if (inferred.get(spec.name()) == 0) {
          continue;
        }
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
        if (settings.partitions() > 0) {
          input = input.repartition(settings.partitions());
        }
        Path partition = new Path(staging, PredictionsTable.CHECKPOINT + "=" + spec.name());
        java.util.Set<Path> before = files(conf, partition);
        Broadcast<byte[]> model = null;
        try {
          spark
              .sparkContext()
              .setJobDescription("melep predict: infer " + spec.name() + " into " + output);
          model = jsc.broadcast(CheckpointFiles.readVerified(spec, conf));
          PartitionPredictor predictor =
              new PartitionPredictor(
                  spec,
                  model,
                  settings.runner(),
                  settings.batchSize(),
                  loads,
                  modelNanos,
                  batchNanos,
                  features);
          Dataset<Row> rows =
              PredictionsTable.fromBeans(
                  input.mapPartitions(
                      FaultInjection.wrap(FaultInjection.INFERENCE, predictor),
                      PredictionRow.ENCODER));
          rows.write()
              .mode(SaveMode.Append)
              .partitionBy(PredictionsTable.CHECKPOINT)
              .parquet(staging.toString());
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
          InferenceException cause = InferenceException.find(e);
          if (!isolateFailures || cause == null) {
            throw e;
          }
          LOG.warn(
              "Checkpoint {} failed, its predictions are not written: {}",
              spec.name(),
              cause.getMessage());
          removeNewFiles(conf, partition, before);
          failed.put(spec.name(), cause.getMessage());
          done.put(spec.name(), 0L);
        } finally {
          if (model != null) {
            model.destroy();
          }
        }
      }
      spark.sparkContext().setJobDescription("melep predict: replace " + output);
      out.commit(staging);
    } catch (Exception e) {
      out.abort(staging);
      InferenceException cause = InferenceException.find(e);
      if (cause != null) {
        throw cause;
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(
          "Cannot write predictions " + output + ": " + e.getMessage(), e);
    }
    return new PredictResult(
        output,
        done,
        reused,
        invalidated,
        Map.copyOf(failed),
        true,
        List.copyOf(loads.value()),
        modelNanos.value(),
        batchNanos.value());
  }

  /**
   * The predictor's input columns of the corpus and the signal fingerprint, computed on the
   * executors.
   */
  private static Dataset<Row> signals(Dataset<Row> corpus) {
    List<Column> columns = new ArrayList<>();
    PartitionPredictor.INPUT_COLUMNS.forEach(c -> columns.add(col(c)));
    columns.add(ContractHash.signalFingerprint().as(PredictionsTable.SIGNAL_FINGERPRINT));
    return corpus.select(columns.toArray(new Column[0]));
  }

  private static java.util.Set<Path> files(Configuration conf, Path dir) throws IOException {
    java.util.Set<Path> out = new java.util.HashSet<>();
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.exists(dir)) {
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(dir)) {
        out.add(f.getPath());
      }
    }
    return out;
  }

  /**
   * Removes what a failed append left in a checkpoint's partition (nothing, with the v1 committer).
   */
  private static void removeNewFiles(Configuration conf, Path dir, java.util.Set<Path> before)
      throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    for (Path p : files(conf, dir)) {
      if (!before.contains(p)) {
        fs.delete(p, true);
      }
    }
  }

  private void validate() {
    if (corpus == null || zoo == null || output == null) {
      throw new IllegalArgumentException("Cannot predict: corpus, zoo and output must all be set");
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
    if (features) {
      requireFeatureOutputs(zoo);
    }
    if (recordIds != null
        && !Arrays.asList(recordIds.schema().fieldNames()).contains(CorpusSchema.RECORD_ID)) {
      throw new IllegalArgumentException(
          "Cannot predict: the record selection has no column record_id");
    }
  }

  /** Fails naming the first checkpoint of {@code zoo} whose entry names no feature output. */
  public static void requireFeatureOutputs(ZooManifest zoo) {
    for (CheckpointSpec c : zoo.checkpoints()) {
      if (c.features() == null) {
        throw new IllegalArgumentException(
            "Cannot predict features: checkpoint "
                + c.name()
                + " of "
                + zoo.source()
                + " names no feature output (add 'features: <ONNX output name>' to its entry; checkpoints melep train writes name theirs)");
      }
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
      throw new UncheckedIOException(
          "Cannot read predictions table " + output + ": " + e.getMessage(), e);
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
      rows.add(RowFactory.create(c.name(), c.sha256(), ContractHash.of(c)));
    }
    StructType schema =
        new StructType()
            .add(PredictionsTable.CHECKPOINT, DataTypes.StringType, false)
            .add(ZOO_SHA256, DataTypes.StringType, false)
            .add(ZOO_CONTRACT, DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  /**
   * The existing rows with a {@link #STATE}: {@code other} (a checkpoint not in this zoo: kept as
   * is), {@code stale} (a zoo checkpoint whose file sha256 or manifest contract differs from the
   * row's, or a selected record whose signal fingerprint differs; a row without those keys, from an
   * older table, is stale too) or {@code valid}. Rows of records not selected this run are valid
   * when their checkpoint keys match (their signal is checked when they are selected).
   */
  private Dataset<Row> tag(Dataset<Row> existing, Dataset<Row> zooRows, Dataset<Row> selected) {
    Dataset<Row> current =
        signals(corpus)
            .join(selected, scalaSeq(CorpusSchema.RECORD_ID), "left_semi")
            .select(
                col(CorpusSchema.RECORD_ID),
                col(PredictionsTable.SIGNAL_FINGERPRINT).as(CURRENT_FINGERPRINT));
    Dataset<Row> joined =
        existing
            .join(functions.broadcast(zooRows), scalaSeq(PredictionsTable.CHECKPOINT), "left_outer")
            .join(current, scalaSeq(PredictionsTable.RECORD_ID), "left_outer");
    Column keysDiffer =
        col(PredictionsTable.CHECKPOINT_SHA256)
            .notEqual(col(ZOO_SHA256))
            .or(col(PredictionsTable.CONTRACT_SHA256).isNull())
            .or(col(PredictionsTable.CONTRACT_SHA256).notEqual(col(ZOO_CONTRACT)));
    Column signalDiffers =
        col(CURRENT_FINGERPRINT)
            .isNotNull()
            .and(
                col(PredictionsTable.SIGNAL_FINGERPRINT)
                    .isNull()
                    .or(
                        col(PredictionsTable.SIGNAL_FINGERPRINT)
                            .notEqual(col(CURRENT_FINGERPRINT))));
    // features asked: a row without them is re-inferred
    Column featuresMissing = lit(features).and(col(PredictionsTable.FEATURES).isNull());
    return joined.withColumn(
        STATE,
        functions
            .when(col(ZOO_SHA256).isNull(), lit(OTHER))
            .when(keysDiffer.or(signalDiffers).or(featuresMissing), lit(STALE))
            .otherwise(lit(VALID)));
  }

  private Map<String, Long> zeros() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (CheckpointSpec c : zoo.checkpoints()) {
      m.put(c.name(), 0L);
    }
    return m;
  }

  static scala.collection.Seq<String> scalaSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBufferConverter(Arrays.asList(names))
        .asScala()
        .toSeq();
  }

  /** Rows per checkpoint in the table at {@code path}, for reports. */
  public static Map<String, Long> countRows(SparkSession spark, String path) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r :
        spark.read().parquet(path).groupBy(PredictionsTable.CHECKPOINT).count().collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }
}
