package org.melep.inference;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.melep.corpus.CorpusSchema;
import org.melep.zoo.CheckpointSpec;
import scala.collection.Seq;

/**
 * Runs one checkpoint over a partition of corpus rows ({@link #INPUT_COLUMNS}, in that order):
 * takes the executor's cached model ({@link ModelCache}), fills batches of {@code batchSize}
 * records in a primitive buffer ({@link BatchBuilder}), runs them and emits one {@link
 * PredictionRow} per record, lazily, batch by batch.
 *
 * <p>The model bytes come from a broadcast read only on a cache miss, so each executor fetches and
 * loads a model once. Each load is recorded in {@code loads} as {@code <executor id>/<checkpoint>};
 * time spent in the model and in the whole partition go to the two nanosecond accumulators (the
 * difference is the Spark-side overhead: rows in, batch built, rows out).
 */
public final class PartitionPredictor implements MapPartitionsFunction<Row, PredictionRow> {
  /** Corpus columns the predictor reads, in this order. */
  public static final List<String> INPUT_COLUMNS =
      List.of(
          CorpusSchema.RECORD_ID,
          CorpusSchema.FS,
          CorpusSchema.N_SAMPLES,
          CorpusSchema.SIGNAL,
          CorpusSchema.ADC_GAIN);

  private final CheckpointSpec spec;
  private final Broadcast<byte[]> model;
  private final RunnerOptions options;
  private final int batchSize;
  private final CollectionAccumulator<String> loads;
  private final LongAccumulator modelNanos;
  private final LongAccumulator partitionNanos;
  private final String contractSha256;
  private final boolean withFeatures;

  public PartitionPredictor(
      CheckpointSpec spec,
      Broadcast<byte[]> model,
      RunnerOptions options,
      int batchSize,
      CollectionAccumulator<String> loads,
      LongAccumulator modelNanos,
      LongAccumulator partitionNanos) {
    this(spec, model, options, batchSize, loads, modelNanos, partitionNanos, false);
  }

  /** As above; with {@code withFeatures}, each row also gets the checkpoint's feature output. */
  public PartitionPredictor(
      CheckpointSpec spec,
      Broadcast<byte[]> model,
      RunnerOptions options,
      int batchSize,
      CollectionAccumulator<String> loads,
      LongAccumulator modelNanos,
      LongAccumulator partitionNanos,
      boolean withFeatures) {
    if (withFeatures && spec.features() == null) {
      throw new IllegalArgumentException(
          "Cannot predict features of checkpoint "
              + spec.name()
              + ": its zoo entry names no feature output");
    }
    this.withFeatures = withFeatures;
    if (batchSize < 1) {
      throw new IllegalArgumentException("Cannot predict: batch size must be >= 1: " + batchSize);
    }
    this.spec = spec;
    this.model = model;
    this.options = options;
    this.batchSize = batchSize;
    this.loads = loads;
    this.modelNanos = modelNanos;
    this.partitionNanos = partitionNanos;
    this.contractSha256 = ContractHash.of(spec);
  }

  @Override
  public Iterator<PredictionRow> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    TaskContext task = TaskContext.get();
    RunnerOptions resolved = resolve(task);
    ModelCache.Lease lease =
        ModelCache.jvm()
            .acquire(
                spec.features() == null
                    ? spec.sha256()
                    : spec.sha256() + "#features=" + spec.features(),
                resolved,
                () -> ModelRunners.open(spec, model.value(), resolved));
    if (lease.loadedNow() && loads != null) {
      SparkEnv env = SparkEnv.get();
      loads.add((env == null ? "driver" : env.executorId()) + "/" + spec.name());
    }
    if (task != null) {
      task.addTaskCompletionListener((TaskContext t) -> lease.close());
    }
    return new Predictions(rows, lease);
  }

  private RunnerOptions resolve(TaskContext task) {
    if (task == null) {
      return options.forTask(1, -1);
    }
    int gpu = -1;
    scala.Option<ResourceInformation> info = task.resources().get("gpu");
    if (info.isDefined() && info.get().addresses().length > 0) {
      try {
        gpu = Integer.parseInt(info.get().addresses()[0].trim());
      } catch (NumberFormatException e) {
        gpu = 0;
      }
    }
    return options.forTask(task.cpus(), gpu);
  }

  /** Lazily batches input rows and yields their predictions. */
  private final class Predictions implements Iterator<PredictionRow> {
    private final Iterator<Row> rows;
    private final ModelCache.Lease lease;
    private final BatchBuilder batch;
    private final String[] ids;
    private final Long[] fingerprints;
    private final ArrayDeque<PredictionRow> ready = new ArrayDeque<>();
    private final String[] labels;
    private final boolean probs;

    Predictions(Iterator<Row> rows, ModelCache.Lease lease) {
      this.rows = rows;
      this.lease = lease;
      this.batch = new BatchBuilder(spec.name(), spec.input(), batchSize);
      this.ids = new String[batchSize];
      this.fingerprints = new Long[batchSize];
      this.labels = spec.labels().toArray(new String[0]);
      this.probs = spec.output() == CheckpointSpec.OutputKind.PROBS;
    }

    @Override
    public boolean hasNext() {
      if (ready.isEmpty() && rows.hasNext()) {
        long start = System.nanoTime();
        fillAndRun();
        if (partitionNanos != null) {
          partitionNanos.add(System.nanoTime() - start);
        }
      }
      if (ready.isEmpty()) {
        lease.close();
        return false;
      }
      return true;
    }

    @Override
    public PredictionRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    private void fillAndRun() {
      batch.clear();
      while (!batch.isFull() && rows.hasNext()) {
        Row r = rows.next();
        String id = r.getString(0);
        Seq<Object> gains = r.getSeq(4);
        double[] gain = new double[gains.size()];
        for (int k = 0; k < gain.length; k++) {
          gain[k] = ((Number) gains.apply(k)).doubleValue();
        }
        batch.add(id, r.getDouble(1), r.getInt(2), (byte[]) r.get(3), gain);
        ids[batch.size() - 1] = id;
        // a sixth input column, when given, is the record's signal fingerprint
        fingerprints[batch.size() - 1] = r.length() > 5 && !r.isNullAt(5) ? r.getLong(5) : null;
      }
      int n = batch.size();
      long start = System.nanoTime();
      float[] out;
      float[] features = null;
      try {
        if (withFeatures) {
          float[][] both = lease.runner().runWithFeatures(batch.values(), n);
          out = both[0];
          features = both[1];
        } else {
          out = lease.runner().run(batch.values(), n);
        }
      } catch (RuntimeException e) {
        throw new InferenceException(
            spec.name(),
            ids[0],
            "model failed on a batch of " + n + " records starting here: " + e.getMessage(),
            e);
      }
      if (modelNanos != null) {
        modelNanos.add(System.nanoTime() - start);
      }
      int width = labels.length;
      for (int i = 0; i < n; i++) {
        double[] values = new double[width];
        for (int k = 0; k < width; k++) {
          float v = out[i * width + k];
          if (Float.isNaN(v) || Float.isInfinite(v)) {
            throw new InferenceException(
                spec.name(), ids[i], "model output " + v + " for label " + labels[k]);
          }
          if (probs && (v < 0f || v > 1f)) {
            throw new InferenceException(
                spec.name(),
                ids[i],
                "manifest says output probs but the model gave "
                    + v
                    + " for label "
                    + labels[k]
                    + " (outside [0, 1]: logits?)");
          }
          values[k] = v;
        }
        PredictionRow p = new PredictionRow();
        p.setCheckpoint(spec.name());
        p.setCheckpointSha256(spec.sha256());
        p.setRecordId(ids[i]);
        if (probs) {
          p.setProbs(values);
        } else {
          p.setLogits(values);
        }
        p.setSourceLabels(labels);
        p.setContractSha256(contractSha256);
        p.setSignalFingerprint(fingerprints[i]);
        if (features != null) {
          int d = features.length / n;
          float[] f = java.util.Arrays.copyOfRange(features, i * d, (i + 1) * d);
          for (int k = 0; k < d; k++) {
            if (!Float.isFinite(f[k])) {
              throw new InferenceException(
                  spec.name(),
                  ids[i],
                  "feature output " + spec.features() + " #" + k + " is " + f[k]);
            }
          }
          p.setFeatures(f);
        }
        ready.add(p);
      }
    }
  }
}
