package org.melep.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.melep.transfer.FeatureStats;
import org.melep.transfer.Metric;
import org.melep.transfer.MetricFinisher;
import org.melep.transfer.MetricResult;
import org.melep.transfer.spark.FeatureScoreJob;
import org.melep.transfer.spark.FeatureScoreResult;

/**
 * Per-group cost of each feature metric, in one run on the same features: a direct single-machine
 * computation (one thread: the group's rows added to its state in memory, then the metric's finish
 * step; no Spark) and the Spark job on the session's master (local[2] by default), with their ratio
 * in wall time and in CPU time (the Spark JVM's, all threads, against the direct thread's, which
 * load does not inflate), and whether the job's plan shuffles anything but the group states.
 *
 * <pre>scripts/benchmark Metrics [groups recordsPerGroup D Y metrics together]
 *   (default 1000 1000 512 10 logme,hscore,hscore-lw,nce,gbc yes; together=no skips the job of all
 *   metrics at once; metrics "logme" runs LogME only)</pre>
 *
 * <p>Shuffles: a listener counts the records and bytes every shuffle of a job writes; they must not
 * exceed the partial states the partition loop can emit (one per group and task) plus the merged
 * states spread over the finish tasks (one per group): no prediction row, and no (fold, record)
 * pair, is shuffled. The plan is checked too (no exchange below the partition loop).
 *
 * <p>Groups are folds of one checkpoint, each {@code recordsPerGroup} records drawn from a pool of
 * {@code 10 x recordsPerGroup} records (folds overlap, as real folds do); Z = 20 source outputs.
 */
public final class MetricsBenchmark {
  static final int Z = 20;

  public static void main(String[] args) throws Exception {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perGroup = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int d = args.length > 2 ? Integer.parseInt(args[2]) : 512;
    int y = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    List<Metric> metrics =
        Metric.parseAll(
            List.of((args.length > 4 ? args[4] : "logme,hscore,hscore-lw,nce,gbc").split(",")));
    boolean together = args.length <= 5 || !args[5].equals("no");
    int pool = 10 * perGroup;
    Random r = new Random(1);
    float[][] features = new float[pool][d];
    double[][] logits = new double[pool][Z];
    boolean[][] targets = new boolean[pool][y];
    double[][] shift = new double[y][d];
    for (int k = 0; k < y; k++) {
      for (int j = 0; j < d; j++) {
        shift[k][j] = r.nextDouble() < 0.05 ? r.nextGaussian() : 0;
      }
    }
    for (int i = 0; i < pool; i++) {
      for (int k = 0; k < y; k++) {
        targets[i][k] = r.nextDouble() < 0.1 + 0.03 * k;
      }
      for (int j = 0; j < d; j++) {
        double x = r.nextGaussian();
        for (int k = 0; k < y; k++) {
          x += targets[i][k] ? shift[k][j] : 0;
        }
        features[i][j] = (float) x;
      }
      for (int z = 0; z < Z; z++) {
        logits[i][z] = r.nextGaussian() + (targets[i][z % y] ? 1 : -0.5);
      }
    }
    int[][] members = new int[groups][perGroup];
    int[] ids = new int[pool];
    for (int i = 0; i < pool; i++) {
      ids[i] = i;
    }
    for (int g = 0; g < groups; g++) {
      for (int k = 0; k < perGroup; k++) {
        int swap = k + r.nextInt(pool - k);
        int t = ids[k];
        ids[k] = ids[swap];
        ids[swap] = t;
        members[g][k] = ids[k];
      }
    }
    List<String> labels = new ArrayList<>();
    for (int k = 0; k < y; k++) {
      labels.add("L" + k);
    }
    System.out.printf(
        Locale.ROOT,
        "%d groups x %d records, D = %d, Y = %d, Z = %d; pool of %d records; %d cores, load %s%n",
        groups,
        perGroup,
        d,
        y,
        Z,
        pool,
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());

    // direct: one thread, one metric at a time
    double[] directSeconds = new double[metrics.size()];
    double[] directCpuSeconds = new double[metrics.size()];
    double[][] directValues = new double[metrics.size()][groups];
    for (int mi = 0; mi < metrics.size(); mi++) {
      Metric m = metrics.get(mi);
      long t0 = System.nanoTime();
      long cpu0 = CpuClock.thread();
      long finishCpu = 0;
      for (int g = 0; g < groups; g++) {
        FeatureStats s =
            FeatureStats.empty(
                m.needsFeatures() ? d : 0, y, m == Metric.NCE ? Z : 0, m.needsGram());
        int[] pos = new int[y];
        double[] theta = new double[Z];
        for (int i : members[g]) {
          int count = 0;
          for (int k = 0; k < y; k++) {
            if (targets[i][k]) {
              pos[count++] = k;
            }
          }
          for (int z = 0; z < Z; z++) {
            theta[z] = 1 / (1 + Math.exp(-logits[i][z]));
          }
          s.add(features[i], theta, pos, 0, count);
        }
        long f0 = CpuClock.thread();
        MetricResult res = MetricFinisher.finish(s, labels, List.of(m)).get(0);
        finishCpu += CpuClock.thread() - f0;
        directValues[mi][g] = res.value() == null ? Double.NaN : res.value();
      }
      directSeconds[mi] = (System.nanoTime() - t0) / 1e9;
      double cpu = (CpuClock.thread() - cpu0) / 1e9;
      directCpuSeconds[mi] = cpu;
      System.out.printf(
          Locale.ROOT,
          "direct %-9s %8.1f ms/group  (%.1f s for %d groups; CPU %.1f ms/group, of which the"
              + " finish step %.1f; load %s)%n",
          m.id(),
          1000 * directSeconds[mi] / groups,
          directSeconds[mi],
          groups,
          1000 * cpu / groups,
          finishCpu / 1e6 / groups,
          LoadAverage.now());
    }

    SparkSession spark = org.melep.spark.SparkSessions.getOrCreate("melep metrics benchmark");
    StructType predictionSchema =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("checkpoint", DataTypes.StringType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType, false))
            .add("logits", DataTypes.createArrayType(DataTypes.DoubleType, false))
            .add("source_labels", DataTypes.createArrayType(DataTypes.StringType, false));
    String[] source = new String[Z];
    for (int z = 0; z < Z; z++) {
      source[z] = "S" + z;
    }
    List<Row> rows = new ArrayList<>();
    List<Row> targetRows = new ArrayList<>();
    for (int i = 0; i < pool; i++) {
      Float[] f = new Float[d];
      for (int j = 0; j < d; j++) {
        f[j] = features[i][j];
      }
      Double[] lg = new Double[Z];
      for (int z = 0; z < Z; z++) {
        lg[z] = logits[i][z];
      }
      rows.add(RowFactory.create("r" + i, "ckpt", f, lg, source));
      List<String> pos = new ArrayList<>();
      for (int k = 0; k < y; k++) {
        if (targets[i][k]) {
          pos.add(labels.get(k));
        }
      }
      targetRows.add(RowFactory.create("r" + i, pos.toArray(new String[0])));
    }
    int parallelism = spark.sparkContext().defaultParallelism();
    Dataset<Row> predictions =
        spark.createDataFrame(rows, predictionSchema).repartition(parallelism).cache();
    predictions.count();
    rows.clear();
    Dataset<Row> targetTable =
        spark.createDataFrame(
            targetRows,
            new StructType()
                .add("record_id", DataTypes.StringType)
                .add("labels", DataTypes.createArrayType(DataTypes.StringType)));
    // one row per fold (its members' pool indices), expanded by Spark: a local relation of the
    // million (fold, record, labels) rows of 1,000 groups would hold 1.5 GB of the driver's heap
    List<Row> foldRows = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      Integer[] m = new Integer[perGroup];
      for (int k = 0; k < perGroup; k++) {
        m[k] = members[g][k];
      }
      foldRows.add(RowFactory.create(g, m));
    }
    Column[] labelColumns = labels.stream().map(functions::lit).toArray(Column[]::new);
    Dataset<Row> folds =
        spark
            .createDataFrame(
                foldRows,
                new StructType()
                    .add("fold_id", DataTypes.IntegerType)
                    .add("members", DataTypes.createArrayType(DataTypes.IntegerType, false)))
            .select(functions.col("fold_id"), functions.explode(functions.col("members")).as("i"))
            .select(
                functions.col("fold_id"),
                functions
                    .concat(functions.lit("r"), functions.col("i").cast("string"))
                    .as("record_id"),
                functions.lit("train").as("split"),
                functions.array(labelColumns).as("labels"));

    System.out.printf(
        Locale.ROOT, "spark master %s, %d cores%n", spark.sparkContext().master(), parallelism);
    // warm-up (query planning, code generation, JIT of the Spark side): NCE, no Gram
    long w0 = System.nanoTime();
    FeatureScoreJob.on(spark)
        .predictions(predictions)
        .targets(targetTable)
        .folds(folds)
        .metrics(List.of(Metric.NCE))
        .execute();
    System.out.printf(
        Locale.ROOT,
        "spark warm-up run (nce) %.1f s, not counted%n",
        (System.nanoTime() - w0) / 1e9);
    List<List<Metric>> runs = new ArrayList<>();
    for (Metric m : metrics) {
      runs.add(List.of(m));
    }
    if (metrics.size() > 1 && together) {
      runs.add(metrics);
    }
    ShuffleCounter shuffles = new ShuffleCounter();
    spark.sparkContext().addSparkListener(shuffles);
    for (List<Metric> run : runs) {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      shuffles.reset();
      long t0 = System.nanoTime();
      long cpu0 = CpuClock.process();
      FeatureScoreResult res =
          FeatureScoreJob.on(spark)
              .predictions(predictions)
              .targets(targetTable)
              .folds(folds)
              .metrics(run)
              .execute();
      List<Row> out = res.scores().collectAsList();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (CpuClock.process() - cpu0) / 1e9;
      spark.sparkContext().listenerBus().waitUntilEmpty();
      long stateBound = (long) groups * parallelism + groups;
      double maxRel = 0;
      for (Row row : out) {
        int g = Integer.parseInt(row.getAs("fold_id"));
        int mi = metrics.indexOf(Metric.parse(row.getAs("metric")));
        Double v = row.getAs("value");
        double expected = directValues[mi][g];
        maxRel =
            Math.max(
                maxRel,
                v == null
                    ? Double.POSITIVE_INFINITY
                    : Math.abs(v - expected) / Math.max(1e-300, Math.abs(expected)));
      }
      String names = String.join(",", run.stream().map(Metric::id).toList());
      double direct = 0;
      double directCpu = 0;
      for (Metric m : run) {
        direct += directSeconds[metrics.indexOf(m)];
        directCpu += directCpuSeconds[metrics.indexOf(m)];
      }
      System.out.printf(
          Locale.ROOT,
          "spark  %-9s %8.1f ms/group  (%.1f s for %d groups; direct %.1f s; spark/direct %.2f;"
              + " CPU: spark JVM %.1f s, direct %.1f s, %.2f; max rel. diff %.1e; load %s)%n",
          names,
          1000 * seconds / groups,
          seconds,
          groups,
          direct,
          seconds / direct,
          cpuSeconds,
          directCpu,
          cpuSeconds / directCpu,
          maxRel,
          LoadAverage.now());
      System.out.printf(
          Locale.ROOT,
          "       scoring stages shuffled %,d records (%,d MB; bound for states: %,d); other jobs (fold membership, counts) %,d;"
              + " prediction rows %,d, (fold, record) pairs %,d; plan: no exchange below the partition loop: %s;"
              + " only states shuffled: %s%n",
          shuffles.records.get(),
          shuffles.bytes.get() >> 20,
          stateBound,
          shuffles.otherRecords.get(),
          pool,
          (long) groups * perGroup,
          onlyStatesShuffled(res.aggregationPlan()),
          onlyStatesShuffled(res.aggregationPlan()) && shuffles.records.get() <= stateBound);
    }
    spark.stop();
  }

  /**
   * Records and bytes written by shuffles while it listens: those of the scoring job's stages (its
   * job description names the feature metrics) apart from the others (fold membership, counts).
   */
  static final class ShuffleCounter extends org.apache.spark.scheduler.SparkListener {
    final java.util.concurrent.atomic.AtomicLong records =
        new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong bytes =
        new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong otherRecords =
        new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Set<Integer> scoringStages =
        java.util.concurrent.ConcurrentHashMap.newKeySet();

    void reset() {
      records.set(0);
      bytes.set(0);
      otherRecords.set(0);
      scoringStages.clear();
    }

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
      String description =
          start.properties() == null
              ? null
              : start.properties().getProperty("spark.job.description");
      if (description != null && description.startsWith("melep score: feature metrics")) {
        scala.collection.Iterator<Object> ids = start.stageIds().iterator();
        while (ids.hasNext()) {
          scoringStages.add((Integer) ids.next());
        }
      }
    }

    @Override
    public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        long written = end.taskMetrics().shuffleWriteMetrics().recordsWritten();
        if (scoringStages.contains(end.stageId())) {
          records.addAndGet(written);
          bytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
        } else {
          otherRecords.addAndGet(written);
        }
      }
    }
  }

  /** No shuffle below the partition loop, outside the cached fold membership. */
  static boolean onlyStatesShuffled(String plan) {
    StringBuilder kept = new StringBuilder();
    int cacheDepth = -1;
    for (String line : plan.split("\n")) {
      int depth = 0;
      while (depth < line.length() && " :+-|".indexOf(line.charAt(depth)) >= 0) {
        depth++;
      }
      if (cacheDepth >= 0 && depth > cacheDepth) {
        continue;
      }
      cacheDepth = line.contains("InMemoryRelation") ? depth : -1;
      kept.append(line).append('\n');
    }
    for (String section : kept.toString().split("== (Final|Initial) Plan ==")) {
      int loop = section.indexOf("MapPartitions");
      if (loop >= 0
          && section.substring(loop).replace("BroadcastExchange", "").contains("Exchange")) {
        return false;
      }
    }
    return true;
  }
}
