package org.melep.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.inference.CheckpointFiles;
import org.melep.inference.DjlNetwork;
import org.melep.inference.DjlRunner;
import org.melep.inference.ModelCache;
import org.melep.inference.ModelRunner;
import org.melep.inference.ModelRunners;
import org.melep.inference.OnnxRunner;
import org.melep.inference.PartitionPredictor;
import org.melep.inference.PredictionRow;
import org.melep.inference.RunnerOptions;
import org.melep.model.Architecture;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;
import org.melep.model.Weights;
import org.melep.onnx.OnnxExport;
import org.melep.train.DemoZoo;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.InputContract;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/**
 * Inference throughput on this machine (records/s, 12 leads x 1000 samples):
 *
 * <ol>
 *   <li>ResNet1d101 (random weights) with ONNX Runtime and DJL (PyTorch) at batch 1, 32, 256;
 *   <li>the paper's Bi-LSTM at batch 32, both engines;
 *   <li>the demo zoo's checkpoints at batch 32;
 *   <li>Spark overhead: ResNet1d101 through {@link PartitionPredictor} on {@code local[1]} (rows
 *       in, batch built, rows out, written to the no-op sink) versus raw ONNX Runtime on the same
 *       batches.
 * </ol>
 *
 * <p>Run: {@code scripts/benchmark Inference --threads 2} (about 5-10 minutes on 2 cores; {@code
 * --quick} for a shorter run). Parts: {@code --only resnet|bilstm|demo|spark}; ResNet batch sizes:
 * {@code --batches 1,32,256}.
 */
public final class InferenceBenchmark {
  private static final int LEADS = 12;
  private static final int SAMPLES = 1000;

  private InferenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    int threads = 2;
    boolean quick = false;
    String only = "all";
    int[] batches = {1, 32, 256};
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--quick" -> quick = true;
        case "--only" -> only = args[++i];
        case "--batches" ->
            batches =
                java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        default -> throw new IllegalArgumentException("Unknown argument: " + args[i]);
      }
    }
    RunnerOptions opts = RunnerOptions.cpu(threads);
    System.out.printf(
        Locale.ROOT,
        "melep inference benchmark: %d thread(s), %d CPU(s) visible%n",
        threads,
        Runtime.getRuntime().availableProcessors());
    double budget = quick ? 4 : 12; // seconds per measurement, roughly
    if (only.equals("all") || only.equals("resnet")) {
      compare("ResNet1d101", ResNet1dArchitecture.resnet1d101(9), batches, opts, budget);
    }
    if (only.equals("all") || only.equals("bilstm")) {
      compare("Bi-LSTM (100 units)", BiLstmArchitecture.paper(9), new int[] {32}, opts, budget);
    }
    if (only.equals("all") || only.equals("demo")) {
      demoZoo(opts, budget);
    }
    if (only.equals("all") || only.equals("spark")) {
      sparkOverhead(threads, quick ? 512 : 1024);
    }
  }

  private static void compare(
      String title, Architecture a, int[] batches, RunnerOptions opts, double budget) {
    Weights w = a.randomWeights(1);
    long[] shape = {a.leads(), a.samples()};
    System.out.printf(Locale.ROOT, "%n%s, %.1fM parameters%n", title, w.parameterCount() / 1e6);
    System.out.printf(Locale.ROOT, "%8s %14s %14s%n", "batch", "ORT rec/s", "DJL rec/s");
    try (OnnxRunner ort =
            OnnxRunner.open("ort", OnnxExport.toOnnx(a, w, false), shape, a.labels(), opts);
        DjlRunner djl =
            DjlRunner.openParams(
                "djl", DjlNetwork.of(a, false).toParams(w), a, false, shape, a.labels(), opts)) {
      for (int b : batches) {
        double r1 = throughput(ort, b, budget);
        double r2 = throughput(djl, b, budget);
        System.out.printf(Locale.ROOT, "%8d %14.1f %14.1f%n", b, r1, r2);
      }
    }
  }

  private static void demoZoo(RunnerOptions opts, double budget) throws Exception {
    Path dir = Files.createTempDirectory("melep-demo-zoo");
    long t0 = System.nanoTime();
    ZooManifest zoo = DemoZoo.write(dir.toString(), 1, new Configuration());
    System.out.printf(
        Locale.ROOT, "%nDemo zoo written in %.1f s; batch 32%n", (System.nanoTime() - t0) / 1e9);
    for (CheckpointSpec spec : zoo.checkpoints()) {
      byte[] bytes = CheckpointFiles.readVerified(spec, new Configuration());
      try (ModelRunner r = ModelRunners.open(spec, bytes, opts)) {
        System.out.printf(
            Locale.ROOT,
            "%-22s %-6s %8d bytes %10.1f rec/s%n",
            spec.name(),
            spec.format().id(),
            bytes.length,
            throughput(r, 32, budget / 2));
      }
    }
  }

  /**
   * Records per second running batches of {@code batch} random records for about {@code seconds}.
   */
  static double throughput(ModelRunner runner, int batch, double seconds) {
    float[] x = randomBatch(batch, runner.recordSize(), 7);
    runner.run(x, batch); // warm-up
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long records = 0;
    do {
      runner.run(x, batch);
      records += batch;
    } while (System.nanoTime() < deadline);
    return records / ((System.nanoTime() - start) / 1e9);
  }

  private static float[] randomBatch(int n, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() - 0.5);
    }
    return x;
  }

  /**
   * ResNet1d101 at batch 256 through Spark (one task, {@code threads} ORT threads) vs raw ORT on
   * the same number of records.
   */
  private static void sparkOverhead(int threads, int records) throws Exception {
    int batch = 256;
    ResNet1dArchitecture a = ResNet1dArchitecture.resnet1d101(9);
    byte[] onnx = OnnxExport.toOnnx(a, a.randomWeights(1), false);
    Path file = Files.createTempFile("melep-resnet101", ".onnx");
    Files.write(file, onnx);
    CheckpointSpec spec =
        new CheckpointSpec(
            "resnet1d101",
            file.toString(),
            CheckpointFiles.sha256(onnx),
            ModelFormat.ONNX,
            new InputContract(
                100,
                SAMPLES,
                CorpusSchema.LEADS,
                InputContract.Layout.NCL,
                InputContract.Normalization.NONE),
            CheckpointSpec.OutputKind.LOGITS,
            List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"),
            null);
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("melep-inference-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.task.cpus", "1")
            .getOrCreate();
    try {
      List<Row> rows = new ArrayList<>();
      SplittableRandom r = new SplittableRandom(3);
      List<Double> gains = new ArrayList<>();
      for (int k = 0; k < LEADS; k++) {
        gains.add(EcgSignal.DEFAULT_GAIN);
      }
      for (int i = 0; i < records; i++) {
        short[][] d = new short[LEADS][SAMPLES];
        for (short[] lead : d) {
          for (int j = 0; j < SAMPLES; j++) {
            lead[j] = (short) (r.nextInt(2000) - 1000);
          }
        }
        rows.add(RowFactory.create("b/" + i, 100.0, SAMPLES, EcgSignal.encode(d), gains));
      }
      Dataset<Row> input =
          spark
              .createDataFrame(
                  rows,
                  CorpusSchema.SCHEMA.apply(
                      new scala.collection.immutable.HashSet<String>()
                          .$plus(CorpusSchema.RECORD_ID)
                          .$plus(CorpusSchema.FS)
                          .$plus(CorpusSchema.N_SAMPLES)
                          .$plus(CorpusSchema.SIGNAL)
                          .$plus(CorpusSchema.ADC_GAIN)))
              .coalesce(1)
              .cache();
      input.count();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<byte[]> model = jsc.broadcast(onnx);
      RunnerOptions opts = RunnerOptions.cpu(threads);
      // warm: loads the model into this JVM's cache
      run(spark, input.limit(batch), spec, model, opts, batch);
      double rawSeconds = rawOrt(onnx, opts, batch, records);
      LongAccumulator modelNanos = spark.sparkContext().longAccumulator();
      LongAccumulator batchNanos = spark.sparkContext().longAccumulator();
      long t0 = System.nanoTime();
      PartitionPredictor p =
          new PartitionPredictor(spec, model, opts, batch, null, modelNanos, batchNanos);
      input.mapPartitions(p, PredictionRow.ENCODER).write().format("noop").mode("overwrite").save();
      double wall = (System.nanoTime() - t0) / 1e9;

      // raw ORT on the same number of records, before and after the Spark run (machine load drifts)
      double rawAfter = rawOrt(onnx, opts, batch, records);
      double raw = (rawAfter + rawSeconds) / 2;
      double inModel = modelNanos.value() / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%nSpark overhead, ResNet1d101, batch %d, %d records, %d ORT thread(s), local[1]%n",
          batch,
          records,
          threads);
      System.out.printf(
          Locale.ROOT, "  Spark job wall          %8.2f s  %8.1f rec/s%n", wall, records / wall);
      System.out.printf(Locale.ROOT, "  of which inside model   %8.2f s%n", inModel);
      System.out.printf(
          Locale.ROOT,
          "  raw ORT, same records  %8.2f s  %8.1f rec/s  (before %.2f s, after %.2f s)%n",
          raw,
          records / raw,
          rawSeconds,
          rawAfter);
      System.out.printf(
          Locale.ROOT,
          "  overhead vs in-model    %8.2f ms/record  (%.1f%%)%n",
          (wall - inModel) * 1000 / records,
          100 * (wall - inModel) / inModel);
      System.out.printf(
          Locale.ROOT,
          "  overhead vs raw ORT     %8.2f ms/record  (%.1f%%)%n",
          (wall - raw) * 1000 / records,
          100 * (wall - raw) / raw);
      model.destroy();
    } finally {
      ModelCache.jvm().clear();
      spark.stop();
    }
  }

  private static double rawOrt(byte[] onnx, RunnerOptions opts, int batch, int records) {
    float[] x = randomBatch(batch, LEADS * SAMPLES, 9);
    try (ModelRunner runner = OnnxRunner.open("raw", onnx, new long[] {LEADS, SAMPLES}, 9, opts)) {
      runner.run(x, batch);
      long s = System.nanoTime();
      for (int done = 0; done < records; done += batch) {
        runner.run(x, Math.min(batch, records - done));
      }
      return (System.nanoTime() - s) / 1e9;
    }
  }

  private static void run(
      SparkSession spark,
      Dataset<Row> input,
      CheckpointSpec spec,
      Broadcast<byte[]> model,
      RunnerOptions opts,
      int batch) {
    input
        .mapPartitions(
            new PartitionPredictor(spec, model, opts, batch, null, null, null),
            PredictionRow.ENCODER)
        .write()
        .format("noop")
        .mode("overwrite")
        .save();
  }
}
