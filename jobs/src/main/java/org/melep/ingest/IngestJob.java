package org.melep.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.preprocess.PreprocessOptions;
import org.melep.corpus.preprocess.Preprocessor;
import org.melep.corpus.ptbxl.PtbxlDatabase;
import org.melep.io.AtomicOutput;
import org.melep.labels.LabelSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * {@code melep ingest}: PhysioNet/CinC challenge trees and PTB-XL roots into the canonical corpus
 * ({@link CorpusSchema}) plus a rejects table, see {@code docs/ingest.md}.
 *
 * <p>The driver detects each input's format and lists it (sub-folders in parallel on the
 * executors), plans one task per record, and the executors read, preprocess and label the records.
 * The corpus is written partitioned by dataset in files of at most {@link #maxRecordsPerFile()}
 * records, the rejects table ({@value #REJECTS_DIR} inside it, which Spark's readers skip) with it,
 * into a staging folder swapped into place by {@link AtomicOutput}: a rerun replaces both at once
 * and a failed run leaves the previous output intact.
 */
public final class IngestJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  /** The rejects table's folder inside the corpus folder. */
  public static final String REJECTS_DIR = "_rejects";

  public static final String SOURCE_PATH = "source_path";
  public static final String DATASET = "dataset";
  public static final String KIND = "kind";
  public static final String REASON = "reason";

  /** The rejects table: one row per input file (or CSV row) not ingested. */
  public static final StructType REJECTS_SCHEMA =
      new StructType()
          .add(SOURCE_PATH, DataTypes.StringType, false)
          .add(DATASET, DataTypes.StringType, true)
          .add(KIND, DataTypes.StringType, false)
          .add(REASON, DataTypes.StringType, false);

  private final SparkSession spark;
  private final List<String> inputs = new ArrayList<>();
  private String output;
  private int ptbxlRate = 100;
  private PreprocessOptions options = PreprocessOptions.DEFAULT;
  private LabelSets labelSets;
  private long maxFileBytes = 64L << 20;
  private long maxOutputFileBytes = 128L << 20;
  private long progressIntervalMs = 10_000;
  private int recordsPerTask = 200;
  private int minParallelFolders = 8;
  private Consumer<String> progress = LOG::info;
  private boolean allowEmpty;

  public IngestJob(SparkSession spark) {
    this.spark = spark;
  }

  public IngestJob inputs(List<String> paths) {
    inputs.clear();
    inputs.addAll(paths);
    return this;
  }

  /**
   * Whether an input that yields no record may replace the output with an empty corpus (default
   * false: such a run fails with {@link EmptyIngestException} and writes nothing).
   */
  public IngestJob allowEmpty(boolean allow) {
    this.allowEmpty = allow;
    return this;
  }

  public IngestJob output(String path) {
    this.output = path;
    return this;
  }

  /** Which PTB-XL version to read: 100 ({@code records100/}, the default) or 500 Hz. */
  public IngestJob ptbxlRate(int rate) {
    this.ptbxlRate = rate;
    return this;
  }

  public IngestJob options(PreprocessOptions preprocessOptions) {
    this.options = preprocessOptions;
    return this;
  }

  /** The label sets to fill the {@code labels_*} columns from (default: the shipped ones). */
  public IngestJob labelSets(LabelSets sets) {
    this.labelSets = sets;
    return this;
  }

  /** Input files larger than this are rejected rather than read (default 64 MiB). */
  public IngestJob maxInputFileBytes(long bytes) {
    this.maxFileBytes = bytes;
    return this;
  }

  /** The corpus files' size bound (default 128 MiB), see {@link #maxRecordsPerFile()}. */
  public IngestJob maxOutputFileBytes(long bytes) {
    this.maxOutputFileBytes = bytes;
    return this;
  }

  /** Records per Spark task (default 200): the granularity of retries and progress. */
  public IngestJob recordsPerTask(int n) {
    this.recordsPerTask = n;
    return this;
  }

  /** Sub-folders of an input from which listing runs as a Spark job (default 8). */
  public IngestJob parallelListingFrom(int folders) {
    this.minParallelFolders = folders;
    return this;
  }

  /** Where progress lines go (default: the log), and how often (default 10 s). */
  public IngestJob progress(Consumer<String> sink, long intervalMs) {
    this.progress = sink;
    this.progressIntervalMs = intervalMs;
    return this;
  }

  /** Records per corpus file: the size bound over the uncompressed bytes of one record. */
  public long maxRecordsPerFile() {
    long perRecord = (long) CorpusSchema.N_LEADS * options.outputSamples() * 2 + 512;
    return Math.max(1, maxOutputFileBytes / perRecord);
  }

  private void validate() {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Cannot ingest: no --input given");
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("Cannot ingest: no --out given");
    }
    if (ptbxlRate != 100 && ptbxlRate != 500) {
      throw new IllegalArgumentException(
          "Cannot ingest: --ptbxl-rate must be 100 or 500: " + ptbxlRate);
    }
    if (maxFileBytes < 1 || maxOutputFileBytes < 1) {
      throw new IllegalArgumentException("Cannot ingest: file size limits must be positive");
    }
    if (recordsPerTask < 1) {
      throw new IllegalArgumentException(
          "Cannot ingest: records per task must be positive: " + recordsPerTask);
    }
  }

  public IngestSummary execute() {
    validate();
    LabelSets sets = labelSets != null ? labelSets : LabelSets.defaults();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    SerializableHadoopConf conf = new SerializableHadoopConf(hadoopConf);

    long t0 = System.nanoTime();
    IngestPlan plan = plan(jsc, conf);
    long t1 = System.nanoTime();
    progress.accept(
        String.format(
            "ingest: %d input files, %d records to read, %d rejected while listing",
            plan.listedFiles(), plan.tasks().size(), plan.rejects().size()));

    AtomicOutput out = new AtomicOutput(output, "ingest", hadoopConf);
    Path staging = out.stagingPath();
    JavaRDD<IngestResult> results = null;
    ScheduledExecutorService ticker = null;
    try {
      int partitions =
          (int)
              Math.max(
                  1,
                  Math.min(100_000, (plan.tasks().size() + recordsPerTask - 1) / recordsPerTask));
      LongAccumulator done = spark.sparkContext().longAccumulator("ingest records");
      PreprocessOptions opts = options;
      long maxBytes = maxFileBytes;
      JavaRDD<IngestResult> read =
          jsc.parallelize(plan.tasks(), partitions)
              .mapPartitions(
                  (FlatMapFunction<java.util.Iterator<RecordTask>, IngestResult>)
                      it -> {
                        RecordProcessor p =
                            new RecordProcessor(conf.get(), new Preprocessor(opts), sets, maxBytes);
                        List<IngestResult> outList = new ArrayList<>();
                        while (it.hasNext()) {
                          outList.add(p.process(it.next()));
                          done.add(1);
                        }
                        return outList.iterator();
                      });
      results = read.union(jsc.parallelize(plan.rejects(), 1));
      results.persist(StorageLevel.MEMORY_AND_DISK_SER());

      ticker = startProgress(done, plan.tasks().size());
      jsc.setJobDescription("ingest: read and preprocess " + plan.tasks().size() + " records");
      Map<String, Long> counts = new TreeMap<>();
      results
          .map(
              r ->
                  (r.isIngested()
                          ? "ok\t" + r.dataset()
                          : "reject\t" + r.kind().label() + "\t" + r.dataset())
                      + "\t"
                      + r.files())
          .countByValue()
          .forEach(counts::put);
      stopProgress(ticker);
      ticker = null;
      IngestSummary summary = summarize(plan, counts, out.target(), rejectsPath(out.target()));
      if (summary.ingested() == 0 && !allowEmpty) {
        throw new EmptyIngestException(
            "Cannot ingest: the inputs "
                + inputs
                + " yielded 0 records ("
                + summary.listedFiles()
                + " files listed, "
                + summary.rejected()
                + " records rejected"
                + (summary.rejectedByKind().isEmpty()
                    ? ""
                    : ": " + new TreeMap<>(summary.rejectedByKind()))
                + "); nothing written to "
                + output
                + " (--allow-empty writes an empty corpus)");
      }
      long t2 = System.nanoTime();

      jsc.setJobDescription("ingest: write corpus " + output);
      writeCorpus(results, summary.ingestedByDataset(), staging);
      jsc.setJobDescription("ingest: write rejects");
      writeRejects(results, new Path(staging, REJECTS_DIR));
      out.commit(staging);
      LOG.info(
          "ingest: listed and planned in {} s, read {} records in {} s, wrote in {} s",
          secs(t1 - t0),
          plan.tasks().size(),
          secs(t2 - t1),
          secs(System.nanoTime() - t2));
      return summary;
    } catch (RuntimeException e) {
      out.abort(staging);
      throw e;
    } finally {
      stopProgress(ticker);
      if (results != null) {
        results.unpersist(false);
      }
      jsc.setJobDescription(null);
    }
  }

  private static String secs(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }

  /** The rejects table of a corpus written by this job. */
  public static Path rejectsPath(Path corpus) {
    return new Path(corpus, REJECTS_DIR);
  }

  private IngestPlan plan(JavaSparkContext jsc, SerializableHadoopConf conf) {
    IngestPlan plan = new IngestPlan();
    String outPrefix;
    try {
      Path out = new Path(output);
      outPrefix = out.getFileSystem(conf.get()).makeQualified(out) + "/";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot ingest: cannot resolve --out " + output, e);
    }
    for (String input : inputs) {
      try {
        Path root = new Path(input);
        FileSystem fs = root.getFileSystem(conf.get());
        if (!fs.exists(root)) {
          throw new IllegalArgumentException("Cannot ingest: input does not exist: " + input);
        }
        root = fs.makeQualified(root);
        if (!fs.getFileStatus(root).isDirectory()) {
          throw new IllegalArgumentException("Cannot ingest: input is not a folder: " + input);
        }
        Path db = new Path(root, PtbxlDatabase.DATABASE_FILE);
        if (fs.exists(db)) {
          Path statements = new Path(root, PtbxlDatabase.STATEMENTS_FILE);
          if (!fs.exists(statements)) {
            throw new IllegalArgumentException(
                "Cannot ingest PTB-XL root: missing "
                    + PtbxlDatabase.STATEMENTS_FILE
                    + " beside "
                    + db);
          }
          Path records = new Path(root, "records" + ptbxlRate);
          List<ListedFile> files =
              fs.exists(records)
                  ? InputListing.list(jsc, conf, records, minParallelFolders)
                  : List.of();
          LOG.info("{}: PTB-XL root, {} files under {}", input, files.size(), records);
          plan.addPtbxlRoot(
              root.toString(), files, ptbxlRate, readAll(fs, db), readAll(fs, statements));
        } else {
          List<ListedFile> files =
              withoutOutput(InputListing.list(jsc, conf, root, minParallelFolders), outPrefix);
          LOG.info("{}: challenge tree, {} files", input, files.size());
          plan.addChallengeTree(root.toString(), files);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot ingest: cannot read input " + input, e);
      }
    }
    return plan;
  }

  /** The listed files minus a previous output of this job inside an input folder. */
  private static List<ListedFile> withoutOutput(List<ListedFile> files, String outPrefix) {
    return files.stream().filter(f -> !f.path().startsWith(outPrefix)).toList();
  }

  private static byte[] readAll(FileSystem fs, Path p) throws IOException {
    long len = fs.getFileStatus(p).getLen();
    if (len > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("Cannot ingest: file too large: " + p);
    }
    byte[] b = new byte[(int) len];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(0, b);
    }
    return b;
  }

  private static IngestSummary summarize(
      IngestPlan plan, Map<String, Long> counts, Path corpus, Path rejects) {
    Map<String, Long> ingested = new TreeMap<>();
    Map<String, Long> rejectedByDataset = new TreeMap<>();
    Map<String, Long> rejectedByKind = new LinkedHashMap<>();
    long files = 0;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String[] f = e.getKey().split("\t", -1);
      long n = e.getValue();
      files += n * Long.parseLong(f[f.length - 1]);
      if (f[0].equals("ok")) {
        ingested.merge(f[1], n, Long::sum);
      } else {
        rejectedByKind.merge(f[1], n, Long::sum);
        rejectedByDataset.merge(f[2], n, Long::sum);
      }
    }
    return new IngestSummary(
        corpus.toString(),
        rejects.toString(),
        plan.listedFiles(),
        files,
        ingested,
        rejectedByDataset,
        new TreeMap<>(rejectedByKind));
  }

  private void writeCorpus(
      JavaRDD<IngestResult> results, Map<String, Long> byDataset, Path staging) {
    if (byDataset.isEmpty()) {
      // no records: one empty file that still carries the schema, so readers find a table
      spark
          .createDataFrame(List.of(), CorpusSchema.SCHEMA)
          .coalesce(1)
          .write()
          .mode(SaveMode.ErrorIfExists)
          .parquet(staging.toString());
      return;
    }
    long perFile = maxRecordsPerFile();
    JavaPairRDD<String, Row> rows =
        results
            .filter(IngestResult::isIngested)
            .mapToPair(r -> new Tuple2<>(r.row().getString(0), r.row()))
            .repartitionAndSortWithinPartitions(new DatasetPartitioner(byDataset, perFile));
    spark
        .createDataFrame(rows.values(), CorpusSchema.SCHEMA)
        .write()
        .mode(SaveMode.ErrorIfExists)
        .option("maxRecordsPerFile", perFile)
        .partitionBy(CorpusSchema.DATASET)
        .parquet(staging.toString());
  }

  private void writeRejects(JavaRDD<IngestResult> results, Path path) {
    JavaRDD<Row> rows =
        results
            .filter(r -> !r.isIngested())
            .map(r -> RowFactory.create(r.sourcePath(), r.dataset(), r.kind().label(), r.reason()));
    spark
        .createDataFrame(rows.coalesce(1), REJECTS_SCHEMA)
        .sortWithinPartitions(SOURCE_PATH) // one sorted file, no range-partitioning pass
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(path.toString());
  }

  private ScheduledExecutorService startProgress(LongAccumulator done, int total) {
    if (progressIntervalMs <= 0) {
      return null;
    }
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-progress");
              t.setDaemon(true);
              return t;
            });
    long start = System.nanoTime();
    s.scheduleAtFixedRate(
        () -> {
          long n = done.value();
          double secs = (System.nanoTime() - start) / 1e9;
          progress.accept(
              String.format(
                  "ingest: %d of %d records read (%.0f%%, %.0f records/s)",
                  n, total, total == 0 ? 100.0 : 100.0 * n / total, n / Math.max(secs, 1e-9)));
        },
        progressIntervalMs,
        progressIntervalMs,
        TimeUnit.MILLISECONDS);
    return s;
  }

  private static void stopProgress(ScheduledExecutorService s) {
    if (s != null) {
      s.shutdownNow();
    }
  }
}
