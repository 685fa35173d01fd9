package org.melep.train;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.melep.corpus.CorpusSchema;
import org.melep.fold.FoldsSchema;
import org.melep.inference.CheckpointFiles;
import org.melep.inference.InferenceException;
import org.melep.io.AtomicOutput;
import org.melep.model.Weights;
import org.melep.spark.FaultInjection;
import org.melep.status.Status;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.InputContract;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.PlainFiles;
import org.melep.zoo.ZooManifest;
import scala.Tuple2;

/**
 * {@code melep train finetune}: the ground truth MELEP predicts. Every (fold, checkpoint, seed) is
 * one Spark task ({@link Finetuning}) that receives the fold's records through a shuffle keyed by
 * the task's index (one partition per task, so a retried task reads the same records). Results go
 * to {@code G/finetune} and {@code G/curves} ({@link FinetuneSchema}), keyed by fold, checkpoint,
 * its sha256, seed and mode: a rerun trains only what is missing or failed, and both tables are
 * rewritten aside and swapped in.
 */
public final class FinetuneJob {
  /** The command name in the markers of {@code G/finetune} and {@code G/curves}. */
  public static final String COMMAND = "train finetune";

  private final SparkSession spark;
  private String corpus;
  private String folds;
  private ZooManifest zoo;
  private String out;
  private String mode = FinetuneSchema.MODE_FULL;
  private int seeds = 1;
  private String labelSet = "csn";
  private List<String> foldIds;
  private TrainSettings settings = TrainSettings.paper();
  private TaskHook hook = (task, attempt) -> {};

  /** Called at the start of every task attempt (tests inject faults here). */
  public interface TaskHook extends Serializable {
    void start(FinetuneTask task, int attempt);
  }

  public FinetuneJob(SparkSession spark) {
    this.spark = spark;
  }

  public FinetuneJob corpus(String path) {
    this.corpus = path;
    return this;
  }

  public FinetuneJob folds(String path) {
    this.folds = path;
    return this;
  }

  public FinetuneJob zoo(ZooManifest value) {
    this.zoo = value;
    return this;
  }

  public FinetuneJob out(String path) {
    this.out = path;
    return this;
  }

  public FinetuneJob mode(String value) {
    if (!FinetuneSchema.MODE_FULL.equals(value) && !FinetuneSchema.MODE_HEAD.equals(value)) {
      throw new IllegalArgumentException("Cannot fine-tune: mode must be full or head: " + value);
    }
    this.mode = value;
    return this;
  }

  public FinetuneJob seeds(int value) {
    if (value < 1) {
      throw new IllegalArgumentException("Cannot fine-tune: seeds must be >= 1: " + value);
    }
    this.seeds = value;
    return this;
  }

  /** The corpus label set the fold labels belong to (targets from {@code labels_<set>}). */
  public FinetuneJob labelSet(String value) {
    this.labelSet = value;
    return this;
  }

  /** Only these folds (default: all). */
  public FinetuneJob foldIds(List<String> value) {
    this.foldIds = value == null ? null : List.copyOf(value);
    return this;
  }

  public FinetuneJob settings(TrainSettings value) {
    this.settings = value;
    return this;
  }

  public FinetuneJob hook(TaskHook value) {
    this.hook = value;
    return this;
  }

  /** What the run did: pairs trained now, kept from before, failed, and not fine-tunable. */
  public record Result(
      List<FinetuneOutcome> trained,
      int kept,
      Map<String, String> notFinetunable,
      List<Row> results,
      String resultsPath) {
    public long failed() {
      return trained.stream().filter(o -> !o.ok()).count();
    }
  }

  /** Why melep cannot fine-tune a checkpoint, or null when it can. */
  public static String notFinetunableReason(CheckpointSpec c) {
    if (c.architecture() == null) {
      return "no architecture in the manifest (a foreign "
          + c.format().id()
          + " file): melep cannot rebuild the network";
    }
    if (c.parameters() == null && c.format() != ModelFormat.DJL) {
      return "no DJL parameters (manifest field 'parameters') for the " + c.format().id() + " file";
    }
    if (c.input().layout() != InputContract.Layout.NCL) {
      return "input layout " + c.input().layout() + ": melep's architectures take NCL";
    }
    if (c.input().leads().size() != c.architecture().leads()
        || c.input().samples() != c.architecture().samples()) {
      return "input contract does not match the architecture's input";
    }
    return null;
  }

  public Result execute() {
    if (corpus == null || folds == null || zoo == null || out == null) {
      throw new IllegalArgumentException(
          "Cannot fine-tune: give a corpus, folds, a zoo and an output folder");
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String labelColumn = CorpusSchema.labelColumn(labelSet);
    Dataset<Row> corpusRows = spark.read().parquet(corpus);
    if (!Arrays.asList(corpusRows.columns()).contains(labelColumn)) {
      throw new IllegalArgumentException(
          "Cannot fine-tune: corpus " + corpus + " has no column " + labelColumn);
    }
    Dataset<Row> foldRows = spark.read().parquet(folds);
    for (String c :
        List.of(
            FoldsSchema.FOLD_ID, FoldsSchema.LABELS, FoldsSchema.RECORD_ID, FoldsSchema.SPLIT)) {
      if (!Arrays.asList(foldRows.columns()).contains(c)) {
        throw new IllegalArgumentException(
            "Cannot fine-tune: folds table " + folds + " has no column " + c);
      }
    }
    foldRows =
        foldRows.select(
            col(FoldsSchema.FOLD_ID).cast("string").as(FoldsSchema.FOLD_ID),
            col(FoldsSchema.LABELS),
            col(FoldsSchema.RECORD_ID).cast("string").as(FoldsSchema.RECORD_ID),
            col(FoldsSchema.SPLIT));
    if (foldIds != null) {
      foldRows = foldRows.filter(col(FoldsSchema.FOLD_ID).isin(foldIds.toArray()));
    }
    TreeMap<String, List<String>> foldLabels = new TreeMap<>(FinetuneJob::compareIds);
    for (Row r :
        foldRows.select(FoldsSchema.FOLD_ID, FoldsSchema.LABELS).distinct().collectAsList()) {
      List<String> labels = r.getList(1);
      List<String> previous = foldLabels.put(r.getString(0), labels);
      if (previous != null && !previous.equals(labels)) {
        throw new IllegalArgumentException(
            "Cannot fine-tune: fold "
                + r.getString(0)
                + " of "
                + folds
                + " lists different labels: "
                + previous
                + " and "
                + labels);
      }
    }
    if (foldIds != null) {
      for (String f : foldIds) {
        if (!foldLabels.containsKey(f)) {
          throw new IllegalArgumentException(
              "Cannot fine-tune: folds table " + folds + " has no fold " + f);
        }
      }
    }
    Map<String, String> notFinetunable = new LinkedHashMap<>();
    List<CheckpointSpec> trainable = new ArrayList<>();
    for (CheckpointSpec c : zoo.checkpoints()) {
      String why = notFinetunableReason(c);
      if (why == null) {
        trainable.add(c);
      } else {
        notFinetunable.put(c.name(), why);
      }
    }
    // previous results: ok rows of the same key are kept; everything else is recomputed
    String resultsPath = new Path(out, FinetuneSchema.RESULTS).toString();
    String curvesPath = new Path(out, FinetuneSchema.CURVES).toString();
    List<Row> oldResults = readIfExists(resultsPath);
    List<Row> oldCurves = readIfExists(curvesPath);
    Set<String> done = new HashSet<>();
    for (Row r : oldResults) {
      if (FinetuneSchema.OK.equals(r.getAs("status"))) {
        done.add(
            key(
                r.getAs("fold_id"),
                r.getAs("checkpoint"),
                r.getAs("checkpoint_sha256"),
                r.getAs("seed"),
                r.getAs("mode")));
      }
    }
    List<FinetuneTask> tasks = new ArrayList<>();
    Set<String> planned = new HashSet<>();
    for (Map.Entry<String, List<String>> f : foldLabels.entrySet()) {
      for (CheckpointSpec c : trainable) {
        for (int s = 0; s < seeds; s++) {
          TrainSettings ts = settings.withSeed(settings.seed() + s);
          String k = key(f.getKey(), c.name(), c.sha256(), (int) ts.seed(), mode);
          planned.add(k);
          if (!done.contains(k)) {
            tasks.add(
                new FinetuneTask(
                    tasks.size(),
                    f.getKey(),
                    f.getValue(),
                    c,
                    c.sha256(),
                    sourceDataset(c),
                    mode,
                    ts));
          }
        }
      }
    }
    List<FinetuneOutcome> outcomes =
        tasks.isEmpty() ? List.of() : train(corpusRows, foldRows, labelColumn, tasks, conf);
    // assemble: old rows not recomputed now (other folds, seeds, checkpoints stay), new rows,
    // not-fine-tunable rows of this run
    List<Row> results = new ArrayList<>();
    Set<String> fresh = new HashSet<>();
    Set<String> freshCurves = new HashSet<>();
    for (FinetuneTask t : tasks) {
      fresh.add(key(t.foldId(), t.checkpoint().name(), t.sha256(), t.seed(), t.mode()));
      freshCurves.add(t.foldId() + "\u0000" + t.checkpoint().name() + "\u0000" + t.seed());
    }
    Set<String> regenerated = new HashSet<>();
    for (String f : foldLabels.keySet()) {
      for (CheckpointSpec c : zoo.checkpoints()) {
        if (notFinetunable.containsKey(c.name())) {
          for (int s = 0; s < seeds; s++) {
            regenerated.add(key(f, c.name(), c.sha256(), (int) (settings.seed() + s), mode));
          }
        }
      }
    }
    Set<String> keptPairs = new HashSet<>();
    for (Row r : oldResults) {
      String k =
          key(
              r.getAs("fold_id"),
              r.getAs("checkpoint"),
              r.getAs("checkpoint_sha256"),
              r.getAs("seed"),
              r.getAs("mode"));
      boolean ok = FinetuneSchema.OK.equals(r.getAs("status"));
      if (fresh.contains(k) || (planned.contains(k) && !ok) || regenerated.contains(k)) {
        continue;
      }
      results.add(r);
      if (planned.contains(k)) {
        keptPairs.add(k);
      }
    }
    int kept = keptPairs.size();
    List<Row> curves = new ArrayList<>();
    for (Row r : oldCurves) {
      if (!freshCurves.contains(
          r.getAs("fold_id") + "\u0000" + r.getAs("checkpoint") + "\u0000" + r.getAs("seed"))) {
        curves.add(r);
      }
    }
    for (FinetuneOutcome o : outcomes) {
      results.addAll(rows(o));
      FinetuneTask t = o.task();
      for (EpochPoint p : o.curve()) {
        curves.add(
            RowFactory.create(
                t.foldId(),
                t.checkpoint().name(),
                t.seed(),
                p.epoch(),
                p.trainLoss(),
                p.validationWeightedF1(),
                p.testWeightedF1()));
      }
    }
    for (String f : foldLabels.keySet()) {
      for (CheckpointSpec c : zoo.checkpoints()) {
        String why = notFinetunable.get(c.name());
        if (why == null) {
          continue;
        }
        for (int s = 0; s < seeds; s++) {
          for (String rule : List.of(FinetuneSchema.RULE_PAPER, FinetuneSchema.RULE_VALIDATION)) {
            results.add(
                RowFactory.create(
                    f,
                    c.name(),
                    c.sha256(),
                    c.architecture() == null ? null : c.architecture().type(),
                    sourceDataset(c),
                    mode,
                    (int) (settings.seed() + s),
                    rule,
                    null,
                    null,
                    null,
                    null,
                    foldLabels.get(f).toArray(new String[0]),
                    null,
                    0L,
                    0L,
                    FinetuneSchema.NOT_FINETUNABLE,
                    why));
          }
        }
      }
    }
    boolean written = !tasks.isEmpty() || !rowKeys(oldResults).equals(rowKeys(results));
    if (written) {
      write(results, FinetuneSchema.RESULTS_SCHEMA, resultsPath, conf);
      write(curves, FinetuneSchema.CURVES_SCHEMA, curvesPath, conf);
    }
    return new Result(outcomes, kept, notFinetunable, results, resultsPath);
  }

  private List<FinetuneOutcome> train(
      Dataset<Row> corpusRows,
      Dataset<Row> foldRows,
      String labelColumn,
      List<FinetuneTask> tasks,
      Configuration conf) {
    Map<String, List<Integer>> byFold = new HashMap<>();
    for (FinetuneTask t : tasks) {
      byFold.computeIfAbsent(t.foldId(), k -> new ArrayList<>()).add(t.index());
    }
    List<FinetuneTask> grid = List.copyOf(tasks);
    Set<String> needed = byFold.keySet();
    Dataset<Row> joined =
        foldRows
            .filter(col(FoldsSchema.FOLD_ID).isin(needed.toArray()))
            .join(
                corpusRows.select(
                    col(CorpusSchema.RECORD_ID).cast("string").as(CorpusSchema.RECORD_ID),
                    col(CorpusSchema.FS),
                    col(CorpusSchema.N_SAMPLES),
                    col(CorpusSchema.SIGNAL),
                    col(CorpusSchema.ADC_GAIN),
                    col(labelColumn)),
                FoldsSchema.RECORD_ID)
            .select(
                col(FoldsSchema.FOLD_ID),
                col(FoldsSchema.RECORD_ID),
                col(FoldsSchema.SPLIT),
                col(CorpusSchema.FS),
                col(CorpusSchema.N_SAMPLES),
                col(CorpusSchema.SIGNAL),
                col(CorpusSchema.ADC_GAIN),
                col(labelColumn));
    JavaPairRDD<Integer, byte[]> keyed =
        joined
            .javaRDD()
            .flatMapToPair(
                row -> {
                  List<Tuple2<Integer, byte[]>> list = new ArrayList<>();
                  for (int idx : byFold.getOrDefault(row.getString(0), List.of())) {
                    FinetuneTask t = grid.get(idx);
                    List<Object> gains = row.getList(6);
                    double[] g = new double[gains.size()];
                    for (int i = 0; i < g.length; i++) {
                      g[i] = ((Number) gains.get(i)).doubleValue();
                    }
                    List<String> positives = row.isNullAt(7) ? List.of() : row.getList(7);
                    list.add(
                        new Tuple2<>(
                            idx,
                            JavaBytes.of(
                                new TrainRecord(
                                    row.getString(1),
                                    row.getDouble(3),
                                    row.getInt(4),
                                    (byte[]) row.get(5),
                                    g,
                                    TrainRecord.targets(t.labels(), positives),
                                    row.getString(2),
                                    null))));
                  }
                  return list.iterator();
                });
    TaskHook h = hook;
    SerializableConf sconf = new SerializableConf(conf);
    spark
        .sparkContext()
        .setJobDescription(
            "melep train finetune: " + tasks.size() + " (fold, checkpoint, seed) tasks");
    JavaRDD<byte[]> trained =
        keyed
            .partitionBy(new IndexPartitioner(tasks.size()))
            .mapPartitionsWithIndex(
                FaultInjection.<Tuple2<Integer, byte[]>, byte[]>wrapIndexed(
                    FaultInjection.FINETUNE,
                    (p, it) -> {
                      FinetuneTask t = grid.get(p);
                      org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
                      h.start(t, tc == null ? 0 : tc.attemptNumber());
                      List<TrainRecord> records = new ArrayList<>();
                      it.forEachRemaining(kv -> records.add(JavaBytes.<TrainRecord>read(kv._2())));
                      ai.djl.Device device = TaskDevice.current();
                      try {
                        Weights w = pretrained(t.checkpoint(), sconf.get());
                        return List.of(JavaBytes.of(Finetuning.run(t, records, w, device)))
                            .iterator();
                      } catch (IllegalArgumentException | InferenceException e) {
                        return List.of(
                                JavaBytes.of(
                                    FinetuneOutcome.failed(
                                        t, TaskDevice.describe(device), e.getMessage())))
                            .iterator();
                      }
                    }),
                true);
    List<FinetuneOutcome> outcomes = new ArrayList<>();
    for (byte[] b : trained.collect()) {
      outcomes.add(JavaBytes.read(b));
    }
    outcomes.sort(Comparator.comparingInt(o -> o.task().index()));
    return outcomes;
  }

  /** The checkpoint's pretrained weights from its DJL parameters, hash checked. */
  static Weights pretrained(CheckpointSpec c, Configuration conf) {
    CheckpointSpec file =
        c.parameters() != null
            ? c.withUri(c.parameters().uri()).withSha256(c.parameters().sha256())
            : c;
    byte[] bytes = CheckpointFiles.readVerified(file, conf);
    return ParameterFiles.read(c.name(), c.architecture(), bytes);
  }

  private static List<Row> rows(FinetuneOutcome o) {
    FinetuneTask t = o.task();
    CheckpointSpec c = t.checkpoint();
    String[] labels = t.labels().toArray(new String[0]);
    List<Row> rows = new ArrayList<>();
    Status status = o.status();
    for (String rule : List.of(FinetuneSchema.RULE_PAPER, FinetuneSchema.RULE_VALIDATION)) {
      if (status instanceof Status.Failed failed) {
        // the table's status column holds the kind, its error column the reason
        rows.add(
            RowFactory.create(
                t.foldId(),
                c.name(),
                t.sha256(),
                c.architecture().type(),
                t.sourceDataset(),
                t.mode(),
                t.seed(),
                rule,
                null,
                null,
                null,
                null,
                labels,
                null,
                o.nTrain(),
                o.nTest(),
                failed.kind(),
                failed.reason()));
        continue;
      }
      boolean paper = rule.equals(FinetuneSchema.RULE_PAPER);
      EvalMetrics m = paper ? o.paper() : o.validation();
      double[] perLabel = m.perLabelF1();
      Double[] boxed = new Double[perLabel.length];
      for (int i = 0; i < perLabel.length; i++) {
        boxed[i] = perLabel[i];
      }
      rows.add(
          RowFactory.create(
              t.foldId(),
              c.name(),
              t.sha256(),
              c.architecture().type(),
              t.sourceDataset(),
              t.mode(),
              t.seed(),
              rule,
              paper ? o.paperEpoch() : o.validationEpoch(),
              nullIfNaN(m.weightedF1()),
              nullIfNaN(m.macroF1()),
              nullIfNaN(m.meanAuroc()),
              labels,
              boxed,
              o.nTrain(),
              o.nTest(),
              status.kind(),
              null));
    }
    return rows;
  }

  private static Double nullIfNaN(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /**
   * The source dataset of a checkpoint melep pretrained (name {@code <arch>-<dataset>}), else null.
   */
  static String sourceDataset(CheckpointSpec c) {
    String arch = null; // the longest architecture name that prefixes the checkpoint's name
    for (String a : org.melep.model.Architectures.NAMES) {
      if (c.name().startsWith(a + "-")
          && c.name().length() > a.length() + 1
          && (arch == null || a.length() > arch.length())) {
        arch = a;
      }
    }
    return arch == null ? null : c.name().substring(arch.length() + 1);
  }

  /** Each row's key, rule and status: equal sets mean the table would not change. */
  private static Set<String> rowKeys(List<Row> rows) {
    Set<String> keys = new HashSet<>();
    for (Row r : rows) {
      keys.add(
          r.get(0) + "\u0000" + r.get(1) + "\u0000" + r.get(2) + "\u0000" + r.get(5) + "\u0000"
              + r.get(6) + "\u0000" + r.get(7) + "\u0000" + r.get(16) + "\u0000" + r.get(17));
    }
    return keys;
  }

  private static String key(String fold, String checkpoint, String sha, int seed, String mode) {
    return fold + "\u0000" + checkpoint + "\u0000" + sha + "\u0000" + seed + "\u0000" + mode;
  }

  private static int compareIds(String a, String b) {
    boolean na = a.matches("-?\\d{1,18}");
    boolean nb = b.matches("-?\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return na ? -1 : nb ? 1 : a.compareTo(b);
  }

  private List<Row> readIfExists(String path) {
    try {
      FileSystem fs = PlainFiles.of(new Path(path), spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(new Path(path))) {
        return List.of();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spark.read().parquet(path).collectAsList();
  }

  private void write(
      List<Row> rows,
      org.apache.spark.sql.types.StructType schema,
      String path,
      Configuration conf) {
    AtomicOutput output = new AtomicOutput(path, COMMAND, conf);
    Path staging = output.stagingPath();
    try {
      List<Row> aligned = new ArrayList<>();
      for (Row r : rows) {
        Object[] v = new Object[schema.size()];
        for (int i = 0; i < v.length; i++) {
          Object x = r.schema() == null ? r.get(i) : r.getAs(schema.fields()[i].name());
          if (x instanceof scala.collection.Seq<?> seq) {
            x = scala.collection.JavaConverters.seqAsJavaList(seq).toArray();
          }
          v[i] = x;
        }
        aligned.add(RowFactory.create(v));
      }
      spark.createDataFrame(aligned, schema).coalesce(1).write().parquet(staging.toString());
      output.commit(staging);
    } catch (RuntimeException e) {
      output.abort(staging);
      throw e;
    }
  }

  /** A Hadoop configuration that travels to the executors. */
  static final class SerializableConf implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    SerializableConf(Configuration conf) {
      this.conf = conf;
    }

    Configuration get() {
      return conf;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      conf.write(out);
    }

    private void readObject(java.io.ObjectInputStream in)
        throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      conf = new Configuration(false);
      conf.readFields(in);
    }
  }
}
