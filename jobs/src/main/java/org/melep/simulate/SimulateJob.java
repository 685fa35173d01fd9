package org.melep.simulate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.io.AtomicOutput;
import org.melep.labels.LabelSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code melep simulate}: generates a corpus of {@link CorpusSchema#SCHEMA} on the executors and
 * writes it atomically as Parquet partitioned by {@code dataset}.
 *
 * <p>Each dataset is one Spark job over {@code spark.range(records)}: every task keeps the indices
 * whose record falls in that dataset and generates them ({@link RecordGenerator}), and the rows go
 * straight to {@code <staging>/dataset=<name>/} (the layout {@code partitionBy} writes, without the
 * sort {@code partitionBy} would add over 24 KB rows). The corpus also holds the configuration's
 * {@link Relatedness} table as {@code _relatedness.csv}.
 */
public final class SimulateJob {
  private static final Logger LOG = LoggerFactory.getLogger(SimulateJob.class);

  /** The schema written under each {@code dataset=<name>} directory (all but the partition). */
  public static final StructType FILE_SCHEMA = fileSchema();

  private final SparkSession spark;
  private SimulationConfig config = SimulationConfig.embedded();
  private LabelSets labelSets = LabelSets.defaults();
  private long records = -1;
  private long seed = 1;
  private int partitions = 0;
  private String out;

  public SimulateJob(SparkSession spark) {
    this.spark = spark;
  }

  public SimulateJob config(SimulationConfig c) {
    this.config = c;
    return this;
  }

  public SimulateJob records(long n) {
    this.records = n;
    return this;
  }

  public SimulateJob seed(long s) {
    this.seed = s;
    return this;
  }

  /** Number of Spark partitions (0: one per 10,000 records, at least the default parallelism). */
  public SimulateJob partitions(int p) {
    this.partitions = p;
    return this;
  }

  public SimulateJob out(String path) {
    this.out = path;
    return this;
  }

  /** What a run wrote. */
  public record Result(
      String out, long records, Map<String, Long> perDataset, long bytesOnDisk, double seconds) {
    public double recordsPerSecond() {
      return records / seconds;
    }

    public double bytesPerRecord() {
      return records == 0 ? Double.NaN : (double) bytesOnDisk / records;
    }
  }

  public Result execute() {
    if (records < 1) {
      throw new IllegalArgumentException("Cannot simulate: --records must be >= 1: " + records);
    }
    if (out == null || out.isBlank()) {
      throw new IllegalArgumentException("Cannot simulate: no output path (--out)");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException(
          "Cannot simulate: --partitions must be >= 0: " + partitions);
    }
    long start = System.nanoTime();
    RecordGenerator gen = new RecordGenerator(config, labelSets, seed);
    int parts =
        partitions > 0
            ? partitions
            : (int)
                Math.max(
                    spark.sparkContext().defaultParallelism(),
                    Math.min(100_000, (records + 9_999) / 10_000));
    parts = (int) Math.max(1, Math.min(parts, records));

    long[] counts = new long[gen.datasetCount()];
    for (long i = 0; i < records; i++) {
      counts[gen.datasetOf(i)]++;
    }
    AtomicOutput output =
        new AtomicOutput(out, "simulate", spark.sparkContext().hadoopConfiguration());
    Path staging = output.stagingPath();
    Map<String, Long> perDataset = new LinkedHashMap<>();
    try {
      for (int d = 0; d < gen.datasetCount(); d++) {
        String name = gen.datasetName(d);
        perDataset.put(name, counts[d]);
        if (counts[d] == 0) {
          continue;
        }
        spark.sparkContext().setJobDescription("simulate " + counts[d] + " records of " + name);
        spark
            .range(0, records, 1, parts)
            .mapPartitions(new GeneratePartition(gen, d), Encoders.row(FILE_SCHEMA))
            .write()
            .parquet(new Path(staging, CorpusSchema.DATASET + "=" + name).toString());
      }
      FileSystem fs = staging.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.mkdirs(staging);
      long bytes = bytesUnder(fs, staging);
      // the known transfer structure travels with the corpus (Spark skips _ files)
      Relatedness.of(config, labelSets)
          .writeInto(staging, spark.sparkContext().hadoopConfiguration());
      output.commit(staging);
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("Simulated {} records to {} in {} s", records, out, seconds);
      return new Result(out, records, perDataset, bytes, seconds);
    } catch (IOException e) {
      output.abort(staging);
      throw new UncheckedIOException("Cannot simulate: writing " + out + " failed", e);
    } catch (RuntimeException e) {
      output.abort(staging);
      throw e;
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  private static long bytesUnder(FileSystem fs, Path dir) throws IOException {
    long total = 0;
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      if (s.getPath().getName().endsWith(".parquet")) {
        total += s.getLen();
      }
    }
    return total;
  }

  private static StructType fileSchema() {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : CorpusSchema.SCHEMA.fields()) {
      if (!f.name().equals(CorpusSchema.DATASET)) {
        fields.add(f);
      }
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** A record as a row of {@link #FILE_SCHEMA}. */
  /**
   * Bytes per record on disk the output is estimated at, from the settings: the 12-lead 16-bit
   * signal ({@code 12 x samples x 2} bytes; the noise leaves Parquet little to compress) plus
   * {@link #ROW_OVERHEAD_BYTES} for the id, labels and metadata. The measured size (10 s at 100 Hz,
   * {@code scripts/benchmark Simulate}) is 23.8 KB; this estimate says 24.3 KB.
   */
  public static long estimatedBytesPerRecord(SimulationConfig config) {
    return (long) CorpusSchema.N_LEADS * config.nSamples() * 2 + ROW_OVERHEAD_BYTES;
  }

  /** Id, dataset, gains, label arrays, age and sex of a record, generously. */
  public static final long ROW_OVERHEAD_BYTES = 300;

  public static Row toFileRow(SimulatedRecord r) {
    double[] gains = new double[CorpusSchema.N_LEADS];
    java.util.Arrays.fill(gains, EcgSignal.DEFAULT_GAIN);
    Object[] values = new Object[FILE_SCHEMA.size()];
    int i = 0;
    values[i++] = r.recordId();
    values[i++] = r.fs();
    values[i++] = r.nSamples();
    values[i++] = r.signal();
    values[i++] = gains;
    values[i++] = seq(r.codes());
    for (String set : CorpusSchema.LABEL_SETS) {
      values[i++] = seq(r.labels().get(set));
    }
    values[i++] = r.age();
    values[i++] = r.sex();
    values[i++] = r.sourcePath();
    return RowFactory.create(values);
  }

  private static scala.collection.Seq<String> seq(List<String> list) {
    return scala.collection.JavaConverters.asScalaBuffer(list);
  }

  /** Generates the rows of one dataset from a partition of record indices. */
  static final class GeneratePartition implements MapPartitionsFunction<Long, Row> {
    private final RecordGenerator gen;
    private final int dataset;

    GeneratePartition(RecordGenerator gen, int dataset) {
      this.gen = gen;
      this.dataset = dataset;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> indices) {
      return new Iterator<>() {
        private Row next;

        @Override
        public boolean hasNext() {
          while (next == null && indices.hasNext()) {
            long i = indices.next();
            if (gen.datasetOf(i) == dataset) {
              next = toFileRow(gen.generate(i));
            }
          }
          return next != null;
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Row r = next;
          next = null;
          return r;
        }
      };
    }
  }
}
