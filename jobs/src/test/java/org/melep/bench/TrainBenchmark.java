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
 * this CPU, and the fine-tune grid's wall time on local[2] against running its pairs one after
 * another. Run: {@code scripts/benchmark Train [threads] [archs...]}; {@code
 * MELEP_SPARK_CONF="-Dmelep.bench.batches=32 -Dmelep.bench.grid=0"} picks batch sizes and skips
 * the grid.
 */
public final class TrainBenchmark {
  private TrainBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    String[] archs =
        args.length > 1
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : new String[] {"resnet1d-small", "bilstm-small", "resnet1d101", "bilstm"};
    System.out.printf("training throughput, %d thread(s), forward + backward + Adam step%n", threads);
    for (String name : archs) {
      for (String b : System.getProperty("melep.bench.batches", "32,256").split(",")) {
        throughput(name, Integer.parseInt(b.trim()), threads);
      }
    }
    if (!"0".equals(System.getProperty("melep.bench.grid", "1"))) {
      grid();
    }
  }

  /** The fine-tune grid (4 folds x 2 small checkpoints, 3 epochs) on local[2] vs one task at a time. */
  static void grid() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("melep-bench-train");
    String corpus = dir.resolve("corpus").toString();
    String folds = dir.resolve("folds").toString();
    String zoo;
    org.apache.spark.sql.SparkSession spark = session("local[2]");
    new org.melep.simulate.SimulateJob(spark)
        .config(org.melep.simulate.SimulationConfig.embedded().withDatasets("sim_cpsc"))
        .records(400)
        .seed(2)
        .partitions(2)
        .out(corpus)
        .execute();
    writeFolds(spark, corpus, folds, 4);
    zoo = writeZoo(dir.resolve("zoo"));
    TrainSettings s = TrainSettings.paper().withEpochs(3).withBatchSize(32);
    // warm-up (JIT, engine load, first Spark jobs) on each session before timing
    timeGrid(spark, corpus, folds, zoo, s.withThreads(1).withEpochs(1), dir.resolve("w1").toString());
    double parallel = timeGrid(spark, corpus, folds, zoo, s.withThreads(1), dir.resolve("g1").toString());
    spark.stop();
    spark = session("local[1]");
    timeGrid(spark, corpus, folds, zoo, s.withThreads(2).withEpochs(1), dir.resolve("w2").toString());
    double sequential2 = timeGrid(spark, corpus, folds, zoo, s.withThreads(2), dir.resolve("g2").toString());
    double sequential1 = timeGrid(spark, corpus, folds, zoo, s.withThreads(1), dir.resolve("g3").toString());
    spark.stop();
    System.out.printf(
        "fine-tune grid 4 folds x 2 checkpoints (100 records per fold, 3 epochs): local[2] 1 thread/task %.1f s;"
            + " one task at a time: 2 threads %.1f s, 1 thread %.1f s; local[2] / sequential = %.2fx (vs 2 threads), %.2fx (vs 1 thread)%n",
        parallel, sequential2, sequential1, parallel / sequential2, parallel / sequential1);
  }

  private static org.apache.spark.sql.SparkSession session(String master) {
    return org.apache.spark.sql.SparkSession.builder()
        .master(master)
        .appName("melep-bench-train")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  private static double timeGrid(
      org.apache.spark.sql.SparkSession spark, String corpus, String folds, String zoo, TrainSettings s, String out) {
    org.melep.zoo.ZooManifest m = org.melep.zoo.ZooManifest.read(zoo, new org.apache.hadoop.conf.Configuration());
    long t0 = System.nanoTime();
    org.melep.train.FinetuneJob.Result r =
        new org.melep.train.FinetuneJob(spark).corpus(corpus).folds(folds).zoo(m).out(out).labelSet("cpsc").settings(s).execute();
    double wall = (System.nanoTime() - t0) / 1e9;
    if (r.trained().size() != 8 || r.failed() > 0) {
      throw new IllegalStateException("grid did not train 8 pairs: " + r.trained().size() + ", failed " + r.failed());
    }
    return wall;
  }

  private static void writeFolds(org.apache.spark.sql.SparkSession spark, String corpus, String out, int n) {
    java.util.List<org.apache.spark.sql.Row> records =
        spark.read().parquet(corpus).select("record_id").orderBy("record_id").collectAsList();
    java.util.List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      rows.add(org.apache.spark.sql.RowFactory.create(i % n, 3, new String[] {"NORM", "AF", "IAVB"},
          records.get(i).getString(0), (i / n) % 3 == 2 ? "test" : "train"));
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
      y.append("  - name: ").append(name).append("\n    uri: ").append(name).append(".onnx\n    sha256: \"")
          .append(org.melep.inference.CheckpointFiles.sha256(onnx))
          .append("\"\n    format: onnx\n    input: {fs: 100, samples: 1000}\n    output: logits\n    labels: [")
          .append(String.join(", ", labels)).append("]\n    architecture: {")
          .append(String.join(", ", a.describe().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()))
          .append("}\n    parameters: {uri: ").append(name).append(".params, sha256: \"")
          .append(org.melep.inference.CheckpointFiles.sha256(params)).append("\"}\n");
    }
    java.nio.file.Files.writeString(dir.resolve("zoo.yaml"), y.toString());
    return dir.resolve("zoo.yaml").toString();
  }

  static void throughput(String name, int batch, int threads) {
    Architecture a = Architectures.named(name, 9);
    boolean big = name.equals("resnet1d101") || name.equals("bilstm");
    int n = big ? Math.max(batch, 64) : Math.max(batch * 4, 512);
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
      t.epoch(data.subset(new int[] {0, 1, 2, 3}), 0); // warm-up
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      t.epoch(data, 1);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpuS = (cpu() - cpu0) / 1e9;
      System.out.printf(
          "%-15s batch %3d: %8.1f samples/s wall, %8.1f samples per CPU-second (%d samples, %.1f s, %.1f CPU-s, %,d parameters)%n",
          name, batch, n / wall, n / cpuS, n, wall, cpuS, a.parameterCount());
    }
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
