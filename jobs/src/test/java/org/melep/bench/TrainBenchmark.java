package org.melep.bench;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.melep.model.Architecture;
import org.melep.model.Architectures;
import org.melep.model.DjlBlocks;
import org.melep.train.DjlTrainer;
import org.melep.train.Examples;
import org.melep.train.TrainSettings;

/**
 * Training throughput (forward, backward, Adam step) of each architecture at batch 32 and 256 on
 * this CPU, where a small model's step time goes, and the fine-tune grid's wall time on local[2]
 * against running its pairs one after another. Run: {@code scripts/benchmark Train [threads]
 * [archs...]} ({@code threads}: a list such as {@code 1,2}, default {@code 1,2}; the full-size
 * models run at the largest only); {@code MELEP_SPARK_CONF="-Dmelep.bench.batches=32
 * -Dmelep.bench.grid=0"} picks batch sizes and skips the grid. Every figure is printed with the
 * load average, since per CPU-second rates also suffer on a shared machine.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  /**
   * Records per fold and epochs of the benchmark grid: enough training that Spark's fixed costs are
   * a small part.
   */
  static final int GRID_RECORDS_PER_FOLD = 200;

  static final int GRID_EPOCHS = 8;

  public static void main(String[] args) throws Exception {
    int[] threads =
        java.util.Arrays.stream((args.length > 0 ? args[0] : "1,2").split(","))
            .mapToInt(t -> Integer.parseInt(t.trim()))
            .toArray();
    int most = java.util.Arrays.stream(threads).max().orElse(1);
    String[] archs =
        args.length > 1
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : new String[] {"resnet1d-small", "bilstm-small", "resnet1d101", "bilstm"};
    ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch
    System.out.printf(
        "load average %s, OMP_WAIT_POLICY=%s, %d cores; libtorch features %s%n",
        LoadAverage.now(),
        System.getenv("OMP_WAIT_POLICY"),
        Runtime.getRuntime().availableProcessors(),
        ai.djl.pytorch.jni.JniUtils.getFeatures());
    for (int t : threads) {
      System.out.println(TrainProfileBenchmark.gemm(t));
    }
    System.out.println("training throughput, forward + backward + Adam step (DjlTrainer.epoch)");
    for (String name : archs) {
      boolean big = name.equals("resnet1d101") || name.equals("bilstm");
      for (String b : System.getProperty("melep.bench.batches", "32,256").split(",")) {
        for (int t : threads) {
          if (!big || t == most) {
            throughput(name, Integer.parseInt(b.trim()), t);
          }
        }
      }
    }
    System.out.println("where a step's time goes (the same step, timed by phase)");
    for (String name : archs) {
      if (!name.equals("resnet1d101") && !name.equals("bilstm")) {
        for (int t : threads) {
          System.out.println(
              TrainProfileBenchmark.profile(name, 32, t, 30) + ", load " + LoadAverage.now());
        }
      }
    }
    if (!"0".equals(System.getProperty("melep.bench.grid", "1"))) {
      grid();
    }
  }

  /** The fine-tune grid (4 folds x 2 small checkpoints) on local[2] vs one task at a time. */
  static void grid() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("melep-bench-train");
    String corpus = dir.resolve("corpus").toString();
    String folds = dir.resolve("folds").toString();
    String zoo;
    org.apache.spark.sql.SparkSession spark = session("local[2]");
    new org.melep.simulate.SimulateJob(spark)
        .config(org.melep.simulate.SimulationConfig.embedded().withDatasets("sim_cpsc"))
        .records(4 * GRID_RECORDS_PER_FOLD)
        .seed(2)
        .partitions(2)
        .out(corpus)
        .execute();
    writeFolds(spark, corpus, folds, 4);
    zoo = writeZoo(dir.resolve("zoo"));
    TrainSettings s = TrainSettings.paper().withEpochs(GRID_EPOCHS).withBatchSize(32);
    // warm-up (JIT, engine load, first Spark jobs) on each session before timing
    timeGrid(
        spark, corpus, folds, zoo, s.withThreads(1).withEpochs(1), dir.resolve("w1").toString());
    double[] parallel =
        timeGrid(spark, corpus, folds, zoo, s.withThreads(1), dir.resolve("g1").toString());
    String loadParallel = LoadAverage.now();
    spark.stop();
    spark = session("local[1]");
    timeGrid(
        spark, corpus, folds, zoo, s.withThreads(1).withEpochs(1), dir.resolve("w2").toString());
    double[] sequential1 =
        timeGrid(spark, corpus, folds, zoo, s.withThreads(1), dir.resolve("g3").toString());
    String loadSequential = LoadAverage.now();
    double[] sequential2 =
        timeGrid(spark, corpus, folds, zoo, s.withThreads(2), dir.resolve("g2").toString());
    spark.stop();
    System.out.printf(
        "fine-tune grid 4 folds x 2 checkpoints (%d records per fold, %d epochs, batch 32): whole job / training stage / summed task time / JVM CPU time (cores used = CPU / whole job)%n"
            + "  local[2], 1 thread per task:  %.1f s / %.1f s / %.1f s / %.1f CPU-s, %.2f cores (load %s)%n"
            + "  local[1], 1 thread:           %.1f s / %.1f s / %.1f s / %.1f CPU-s, %.2f cores (load %s)%n"
            + "  local[1], 2 threads:          %.1f s / %.1f s / %.1f s / %.1f CPU-s, %.2f cores (load %s)%n"
            + "  local[2] / one at a time (1 thread): %.2fx whole job, %.2fx training stage; vs 2 threads: %.2fx, %.2fx (target <= 0.6x)%n",
        GRID_RECORDS_PER_FOLD,
        GRID_EPOCHS,
        parallel[0],
        parallel[1],
        parallel[2],
        parallel[3],
        parallel[3] / parallel[0],
        loadParallel,
        sequential1[0],
        sequential1[1],
        sequential1[2],
        sequential1[3],
        sequential1[3] / sequential1[0],
        loadSequential,
        sequential2[0],
        sequential2[1],
        sequential2[2],
        sequential2[3],
        sequential2[3] / sequential2[0],
        LoadAverage.now(),
        parallel[0] / sequential1[0],
        parallel[1] / sequential1[1],
        parallel[0] / sequential2[0],
        parallel[1] / sequential2[1]);
  }

  private static org.apache.spark.sql.SparkSession session(String master) {
    return org.apache.spark.sql.SparkSession.builder()
        .master(master)
        .appName("melep-bench-train")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  /**
   * {whole job wall, training stage wall, summed run time of the training tasks, CPU time of the
   * JVM during the job} in seconds: CPU / wall is the number of cores the job got.
   */
  private static double[] timeGrid(
      org.apache.spark.sql.SparkSession spark,
      String corpus,
      String folds,
      String zoo,
      TrainSettings s,
      String out)
      throws Exception {
    org.melep.zoo.ZooManifest m =
        org.melep.zoo.ZooManifest.read(zoo, new org.apache.hadoop.conf.Configuration());
    TrainingStage stage = new TrainingStage();
    spark.sparkContext().addSparkListener(stage);
    long t0 = System.nanoTime();
    long cpu0 = cpu();
    org.melep.train.FinetuneJob.Result r;
    try {
      r =
          new org.melep.train.FinetuneJob(spark)
              .corpus(corpus)
              .folds(folds)
              .zoo(m)
              .out(out)
              .labelSet("cpsc")
              .settings(s)
              .execute();
    } finally {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(stage);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpuS = (cpu() - cpu0) / 1e9;
    if (r.trained().size() != 8 || r.failed() > 0) {
      throw new IllegalStateException(
          "grid did not train 8 pairs: " + r.trained().size() + ", failed " + r.failed());
    }
    return new double[] {wall, stage.wallMs / 1e3, stage.taskMs / 1e3, cpuS};
  }

  /**
   * The final stage of the fine-tune job (one task per pair): its wall time and its tasks' run
   * time.
   */
  static final class TrainingStage extends org.apache.spark.scheduler.SparkListener {
    private final java.util.Set<Integer> finalStages =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile long wallMs;
    volatile long taskMs;

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
      String d =
          start.properties() == null
              ? null
              : start.properties().getProperty("spark.job.description");
      if (d != null && d.startsWith("melep train finetune")) {
        int last = -1;
        for (int id :
            scala.collection.JavaConverters.seqAsJavaList(start.stageIds()).stream()
                .mapToInt(i -> (Integer) i)
                .toArray()) {
          last = Math.max(last, id);
        }
        finalStages.add(last);
      }
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
      if (finalStages.contains(end.stageId()) && end.taskMetrics() != null) {
        taskMs += end.taskMetrics().executorRunTime();
      }
    }

    @Override
    public void onStageCompleted(org.apache.spark.scheduler.SparkListenerStageCompleted done) {
      var info = done.stageInfo();
      if (finalStages.contains(info.stageId())
          && info.submissionTime().isDefined()
          && info.completionTime().isDefined()) {
        wallMs += (Long) info.completionTime().get() - (Long) info.submissionTime().get();
      }
    }
  }

  private static void writeFolds(
      org.apache.spark.sql.SparkSession spark, String corpus, String out, int n) {
    java.util.List<org.apache.spark.sql.Row> records =
        spark.read().parquet(corpus).select("record_id").orderBy("record_id").collectAsList();
    java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      rows.add(
          org.apache.spark.sql.RowFactory.create(
              i % n,
              3,
              new String[] {"NORM", "AF", "IAVB"},
              records.get(i).getString(0),
              (i / n) % 3 == 2 ? "test" : "train"));
    }
    spark.createDataFrame(rows, org.melep.fold.FoldsSchema.SCHEMA).write().parquet(out);
  }

  private static String writeZoo(java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Files.createDirectories(dir);
    java.util.List<String> labels = org.melep.labels.LabelSets.defaults().labelSet("cpsc").labels();
    StringBuilder y = new StringBuilder("checkpoints:\n");
    for (String name : new String[] {"resnet1d-small", "bilstm-small"}) {
      Architecture a = Architectures.named(name, labels.size());
      var w = a.randomWeights(1);
      byte[] onnx = org.melep.onnx.OnnxExport.toOnnx(a, w, false);
      byte[] params = org.melep.inference.DjlNetwork.of(a, false).toParams(w);
      java.nio.file.Files.write(dir.resolve(name + ".onnx"), onnx);
      java.nio.file.Files.write(dir.resolve(name + ".params"), params);
      y.append("  - name: ")
          .append(name)
          .append("\n    uri: ")
          .append(name)
          .append(".onnx\n    sha256: \"")
          .append(org.melep.inference.CheckpointFiles.sha256(onnx))
          .append(
              "\"\n    format: onnx\n    input: {fs: 100, samples: 1000}\n    output: logits\n    labels: [")
          .append(String.join(", ", labels))
          .append("]\n    architecture: {")
          .append(
              String.join(
                  ", ",
                  a.describe().entrySet().stream()
                      .map(e -> e.getKey() + ": " + e.getValue())
                      .toList()))
          .append("}\n    parameters: {uri: ")
          .append(name)
          .append(".params, sha256: \"")
          .append(org.melep.inference.CheckpointFiles.sha256(params))
          .append("\"}\n");
    }
    java.nio.file.Files.writeString(dir.resolve("zoo.yaml"), y.toString());
    return dir.resolve("zoo.yaml").toString();
  }

  static void throughput(String name, int batch, int threads) {
    Architecture a = Architectures.named(name, 9);
    boolean big = name.equals("resnet1d101") || name.equals("bilstm");
    int steps = big ? (batch >= 256 ? 1 : 3) : (batch >= 256 ? 6 : 24);
    int n = batch * steps;
    int size = a.leads() * a.samples();
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() - 0.5);
    }
    float[] y = new float[n * 9];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextDouble() < 0.2 ? 1 : 0;
    }
    Examples data = new Examples(x, y, n, size, 9);
    TrainSettings s = TrainSettings.paper().withBatchSize(batch).withThreads(threads);
    try (DjlTrainer t = DjlTrainer.network(DjlBlocks.of(a), a.randomWeights(1), Device.cpu(), s)) {
      // warm-up at the timed batch shape (the JIT, and libtorch's per-shape kernel setup); the
      // full-size models at batch 256 warm up on two batches of 32 (one step there takes minutes on
      // a loaded 2-core machine)
      int warm = big && batch >= 256 ? 32 : batch;
      int[] first = new int[Math.min(n, 2 * warm)];
      for (int i = 0; i < first.length; i++) {
        first[i] = i;
      }
      DjlTrainer w = t;
      if (warm != batch) {
        w =
            DjlTrainer.network(
                DjlBlocks.of(a), a.randomWeights(1), Device.cpu(), s.withBatchSize(warm));
      }
      try {
        w.epoch(data.subset(first), 0);
      } finally {
        if (w != t) {
          w.close();
        }
      }
      String load0 = LoadAverage.now();
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      t.epoch(data, 1);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpuS = (cpu() - cpu0) / 1e9;
      System.out.printf(
          "%-15s batch %3d, %d thread(s): %8.1f samples/s wall, %8.1f samples per CPU-second (%d samples, %.1f s, %.1f CPU-s, %,d parameters; load %s -> %s)%n",
          name,
          batch,
          threads,
          n / wall,
          n / cpuS,
          n,
          wall,
          cpuS,
          a.parameterCount(),
          load0,
          LoadAverage.now());
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
