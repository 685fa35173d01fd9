package org.melep.train;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.corpus.CorpusSchema;
import org.melep.labels.LabelSets;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.zoo.ZooManifest;
import scala.Tuple2;

/**
 * {@code melep train pretrain}: one source checkpoint per (dataset, architecture), each trained by
 * one Spark task on that dataset's records (see {@link Pretraining}), written to a zoo folder as
 * ONNX (for inference) plus DJL parameters (for fine-tuning) and appended to its manifest.
 */
public final class PretrainJob {
  public static final String STRAT_FOLD = CorpusSchema.STRAT_FOLD;

  private final SparkSession spark;
  private String corpus;
  private List<String> datasets = List.of();
  private List<String> architectures = List.of();
  private String labelSet;
  private String out;
  private TrainSettings settings = TrainSettings.paper();

  public PretrainJob(SparkSession spark) {
    this.spark = spark;
  }

  public PretrainJob corpus(String path) {
    this.corpus = path;
    return this;
  }

  public PretrainJob datasets(List<String> value) {
    this.datasets = List.copyOf(value);
    return this;
  }

  public PretrainJob architectures(List<String> value) {
    this.architectures = List.copyOf(value);
    return this;
  }

  /** The corpus label set to learn; default: the one the dataset name contains. */
  public PretrainJob labelSet(String value) {
    this.labelSet = value;
    return this;
  }

  /** The zoo folder; its {@code zoo.yaml} gets the new entries. */
  public PretrainJob out(String path) {
    this.out = path;
    return this;
  }

  public PretrainJob settings(TrainSettings value) {
    this.settings = value;
    return this;
  }

  /** What the job trained, and the manifest read back. */
  public record Result(List<PretrainOutcome> outcomes, ZooManifest manifest, String manifestPath) {
    public long failed() {
      return outcomes.stream().filter(o -> !o.ok()).count();
    }
  }

  /**
   * The label set a dataset's checkpoints learn: the one its name contains, or {@code --label-set}.
   */
  public static String labelSetOf(String dataset, String option) {
    if (option != null) {
      if (!CorpusSchema.LABEL_SETS.contains(option)) {
        throw new IllegalArgumentException(
            "Cannot pretrain: unknown label set "
                + option
                + " (known: "
                + CorpusSchema.LABEL_SETS
                + ")");
      }
      return option;
    }
    String lower = dataset.toLowerCase(Locale.ROOT);
    List<String> hits = CorpusSchema.LABEL_SETS.stream().filter(lower::contains).toList();
    if (hits.size() != 1) {
      throw new IllegalArgumentException(
          "Cannot pretrain on dataset "
              + dataset
              + ": its name does not name one label set of "
              + CorpusSchema.LABEL_SETS
              + "; give --label-set");
    }
    return hits.get(0);
  }

  public Result execute() {
    if (corpus == null || out == null || datasets.isEmpty() || architectures.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot pretrain: give a corpus, datasets, architectures and an output zoo");
    }
    for (String a : architectures) {
      Architectures.named(a, 1);
    }
    ZooWriter zoo = new ZooWriter(out, spark.sparkContext().hadoopConfiguration());
    zoo.checkExisting();
    Dataset<Row> rows = spark.read().parquet(corpus);
    List<String> columns = Arrays.asList(rows.columns());
    for (String c :
        List.of(
            CorpusSchema.RECORD_ID,
            CorpusSchema.DATASET,
            CorpusSchema.FS,
            CorpusSchema.N_SAMPLES,
            CorpusSchema.SIGNAL,
            CorpusSchema.ADC_GAIN)) {
      if (!columns.contains(c)) {
        throw new IllegalArgumentException(
            "Cannot pretrain: corpus " + corpus + " has no column " + c);
      }
    }
    List<PretrainTask> tasks = new ArrayList<>();
    Map<String, String> setOf = new LinkedHashMap<>();
    for (String d : datasets) {
      String set = labelSetOf(d, labelSet);
      if (!columns.contains(CorpusSchema.labelColumn(set))) {
        throw new IllegalArgumentException(
            "Cannot pretrain: corpus "
                + corpus
                + " has no column "
                + CorpusSchema.labelColumn(set));
      }
      setOf.put(d, set);
      for (String a : architectures) {
        String name = a + "-" + d;
        tasks.add(
            new PretrainTask(
                tasks.size(),
                name,
                d,
                a,
                set,
                LabelSets.defaults().labelSet(set).labels(),
                settings));
      }
    }
    Map<String, Long> counts = new HashMap<>();
    for (Row r :
        rows.filter(col(CorpusSchema.DATASET).isin(datasets.toArray()))
            .groupBy(CorpusSchema.DATASET)
            .count()
            .collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    for (String d : datasets) {
      if (!counts.containsKey(d)) {
        throw new IllegalArgumentException(
            "Cannot pretrain: corpus " + corpus + " has no records of dataset " + d);
      }
    }
    List<String> sets = new ArrayList<>(new java.util.LinkedHashSet<>(setOf.values()));
    List<org.apache.spark.sql.Column> select = new ArrayList<>();
    for (String c :
        List.of(
            CorpusSchema.RECORD_ID,
            CorpusSchema.DATASET,
            CorpusSchema.FS,
            CorpusSchema.N_SAMPLES,
            CorpusSchema.SIGNAL,
            CorpusSchema.ADC_GAIN)) {
      select.add(col(c));
    }
    for (String s : sets) {
      select.add(col(CorpusSchema.labelColumn(s)));
    }
    boolean strat = columns.contains(STRAT_FOLD);
    if (strat) {
      select.add(col(STRAT_FOLD).cast("int"));
    }
    Dataset<Row> picked =
        rows.filter(col(CorpusSchema.DATASET).isin(datasets.toArray()))
            .select(select.toArray(new org.apache.spark.sql.Column[0]));
    Map<String, List<Integer>> byDataset = new HashMap<>();
    for (PretrainTask t : tasks) {
      byDataset.computeIfAbsent(t.dataset(), k -> new ArrayList<>()).add(t.index());
    }
    List<PretrainTask> grid = List.copyOf(tasks);
    JavaPairRDD<Integer, byte[]> keyed =
        picked
            .javaRDD()
            .flatMapToPair(
                row -> {
                  List<Tuple2<Integer, byte[]>> outList = new ArrayList<>();
                  for (int idx : byDataset.getOrDefault(row.getString(1), List.of())) {
                    PretrainTask t = grid.get(idx);
                    List<String> positives = row.getList(6 + sets.indexOf(t.labelSet()));
                    Integer fold =
                        strat && !row.isNullAt(6 + sets.size())
                            ? row.getInt(6 + sets.size())
                            : null;
                    outList.add(
                        new Tuple2<>(
                            idx,
                            JavaBytes.of(
                                new TrainRecord(
                                    row.getString(0),
                                    row.getDouble(2),
                                    row.getInt(3),
                                    (byte[]) row.get(4),
                                    toDoubles(row.getList(5)),
                                    TrainRecord.targets(t.labels(), positives),
                                    null,
                                    fold))));
                  }
                  return outList.iterator();
                });
    spark
        .sparkContext()
        .setJobDescription(
            "melep train pretrain: " + tasks.size() + " (dataset, architecture) tasks");
    JavaRDD<byte[]> trained =
        keyed
            .partitionBy(new IndexPartitioner(tasks.size()))
            .mapPartitionsWithIndex(
                (p, it) -> {
                  List<TrainRecord> records = new ArrayList<>();
                  it.forEachRemaining(kv -> records.add(JavaBytes.<TrainRecord>read(kv._2())));
                  PretrainTask t = grid.get(p);
                  ai.djl.Device device = TaskDevice.current();
                  PretrainOutcome o;
                  try {
                    o = Pretraining.run(t, records, device);
                  } catch (IllegalArgumentException | org.melep.inference.InferenceException e) {
                    o = PretrainOutcome.failed(t, TaskDevice.describe(device), e.getMessage());
                  }
                  return List.of(JavaBytes.of(o)).iterator();
                },
                true);
    List<PretrainOutcome> outcomes = new ArrayList<>();
    for (byte[] b : trained.collect()) {
      outcomes.add(JavaBytes.read(b));
    }
    outcomes.sort(java.util.Comparator.comparingInt(o -> o.task().index()));
    List<Map<String, Object>> entries = new ArrayList<>();
    for (PretrainOutcome o : outcomes) {
      if (o.ok()) {
        entries.add(entry(zoo, o));
      }
    }
    ZooManifest manifest = null;
    if (!entries.isEmpty()) {
      manifest = zoo.append(entries, "melep zoo trained by melep train pretrain");
    }
    return new Result(outcomes, manifest, zoo.manifest().toString());
  }

  private static double[] toDoubles(List<Object> values) {
    double[] d = new double[values.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = ((Number) values.get(i)).doubleValue();
    }
    return d;
  }

  private static Map<String, Object> entry(ZooWriter zoo, PretrainOutcome o) {
    PretrainTask t = o.task();
    String[] onnx = zoo.writeFile(t.checkpoint(), "onnx", o.onnx());
    String[] params = zoo.writeFile(t.checkpoint(), "params", o.parameters());
    Architecture a = Architectures.named(t.architecture(), t.labels().size());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", t.checkpoint());
    e.put(
        "description",
        String.format(
            Locale.ROOT,
            "%s pretrained by melep train on %s (%s; %d train, %d test records): epoch %d of %d kept, test weighted F1 %.4f (label prior %.4f), lr %s, batch %d, seed %d",
            t.architecture(),
            t.dataset(),
            o.split(),
            o.nTrain(),
            o.nTest(),
            o.bestEpoch(),
            t.settings().epochs(),
            o.test().weightedF1(),
            o.priorBaselineF1(),
            t.settings().learningRate(),
            t.settings().batchSize(),
            t.settings().seed()));
    e.put("uri", onnx[0]);
    e.put("sha256", onnx[1]);
    e.put("format", "onnx");
    e.put("label_set", t.labelSet());
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("fs", 100);
    input.put("samples", a.samples());
    input.put("layout", "NCL");
    input.put("normalize", "none");
    e.put("input", input);
    e.put("output", "logits");
    e.put("labels", t.labels());
    // the ONNX export's second output: the penultimate layer (melep predict --features)
    e.put("features", Architecture.FEATURES);
    e.put("architecture", a.describe());
    Map<String, Object> log = new LinkedHashMap<>();
    log.put("checkpoint", t.checkpoint());
    log.put("dataset", t.dataset());
    log.put("architecture", t.architecture());
    log.put("device", o.device());
    log.put("split", o.split());
    log.put("n_train", o.nTrain());
    log.put("n_test", o.nTest());
    log.put("settings", t.settings());
    log.put("best_epoch", o.bestEpoch());
    log.put("test_weighted_f1", o.test().weightedF1());
    log.put("test_macro_f1", o.test().macroF1());
    log.put("test_mean_auroc", o.test().meanAuroc());
    log.put("label_prior_weighted_f1", o.priorBaselineF1());
    List<Map<String, Object>> curve = new ArrayList<>();
    for (EpochPoint pt : o.curve()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("epoch", pt.epoch());
      c.put("train_loss", pt.trainLoss());
      c.put("test_weighted_f1", pt.testWeightedF1());
      curve.add(c);
    }
    log.put("curve", curve);
    zoo.writeLog(t.checkpoint() + ".training.json", log);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("uri", params[0]);
    p.put("sha256", params[1]);
    e.put("parameters", p);
    return e;
  }
}
