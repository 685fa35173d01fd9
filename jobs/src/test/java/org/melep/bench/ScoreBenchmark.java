package org.melep.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.melep.melep.ConditionalTable;
import org.melep.melep.PhiKernel;
import org.melep.melep.PhiKernels;
import org.melep.melep.PhiSums;
import org.melep.melep.ProbabilityCheck;
import org.melep.melep.Weighting;
import org.melep.score.ScoreJob;
import org.melep.score.ScoreResult;
import org.melep.score.TableReader;
import org.melep.stats.JointCounts;

/**
 * MELEP scoring throughput, in one run on the same data: the pure-Java kernel (pass 1 and pass 2,
 * updates per second per core), a naive loop with a log per term, and the Spark job on local[2]
 * with its ratio to the kernel on the same two cores.
 *
 * <pre>scripts/benchmark Score [folds checkpoints recordsPerFold]   (default 1000 10 1000)</pre>
 */
public final class ScoreBenchmark {
  static final int Y = 10;
  static final int Z = 20;
  static final int LABEL_POOL = 20;

  final int folds;
  final int checkpoints;
  final int perFold;
  final int records;
  final boolean[][] targets; // records x LABEL_POOL
  final double[][] theta; // checkpoint -> records x Z, row-major
  final int[][] foldLabels; // fold -> Y label indices into the pool
  final int[][] foldRecords; // fold -> perFold record indices
  final int[][][]
      foldPositives; // fold -> record -> ascending positive indices among the fold's labels

  ScoreBenchmark(int folds, int checkpoints, int perFold) {
    this.folds = folds;
    this.checkpoints = checkpoints;
    this.perFold = perFold;
    this.records = Math.max(10 * perFold, 10_000);
    Random r = new Random(1);
    double[] prevalence = new double[LABEL_POOL];
    for (int l = 0; l < LABEL_POOL; l++) {
      prevalence[l] = 0.05 + 0.25 * r.nextDouble();
    }
    targets = new boolean[records][LABEL_POOL];
    for (int i = 0; i < records; i++) {
      for (int l = 0; l < LABEL_POOL; l++) {
        targets[i][l] = r.nextDouble() < prevalence[l];
      }
    }
    theta = new double[checkpoints][records * Z];
    for (int c = 0; c < checkpoints; c++) {
      for (int i = 0; i < records; i++) {
        for (int z = 0; z < Z; z++) {
          boolean linked = targets[i][(z + c) % LABEL_POOL];
          theta[c][i * Z + z] =
              ProbabilityCheck.sigmoid(r.nextGaussian() * 1.5 + (linked ? 1.0 + 0.1 * c : -0.5));
        }
      }
    }
    foldLabels = new int[folds][];
    foldRecords = new int[folds][];
    foldPositives = new int[folds][][];
    int[] ids = new int[records];
    int[] pool = new int[LABEL_POOL];
    for (int f = 0; f < folds; f++) {
      for (int i = 0; i < records; i++) {
        ids[i] = i;
      }
      for (int l = 0; l < LABEL_POOL; l++) {
        pool[l] = l;
      }
      for (int k = 0; k < Y; k++) {
        int j = k + r.nextInt(LABEL_POOL - k);
        int t = pool[k];
        pool[k] = pool[j];
        pool[j] = t;
      }
      foldLabels[f] = java.util.Arrays.copyOf(pool, Y);
      for (int k = 0; k < perFold; k++) {
        int j = k + r.nextInt(records - k);
        int t = ids[k];
        ids[k] = ids[j];
        ids[j] = t;
      }
      foldRecords[f] = java.util.Arrays.copyOf(ids, perFold);
      foldPositives[f] = new int[perFold][];
      for (int k = 0; k < perFold; k++) {
        boolean[] t = new boolean[Y];
        for (int y = 0; y < Y; y++) {
          t[y] = targets[foldRecords[f][k]][foldLabels[f][y]];
        }
        foldPositives[f][k] = org.melep.melep.MelepCalculator.positiveIndices(t);
      }
    }
  }

  double updatesPerPass() {
    return (double) folds * checkpoints * perFold * Y * Z;
  }

  /**
   * Pass 1 then pass 2 over the groups {@code [from, to)} of fold x checkpoint; returns {pass1 ns,
   * pass2 ns}.
   */
  long[] kernel(int from, int to, double[] sink) {
    return kernel(from, to, PhiKernels.best(), sink);
  }

  long[] kernel(int from, int to, PhiKernel kernel, double[] sink) {
    JointCounts[] counts = new JointCounts[to - from];
    long t0 = CpuClock.thread();
    for (int g = from; g < to; g++) {
      int f = g / checkpoints;
      int c = g % checkpoints;
      JointCounts jc = JointCounts.empty(Y, Z);
      int[] recs = foldRecords[f];
      int[][] pos = foldPositives[f];
      double[] th = theta[c];
      for (int k = 0; k < perFold; k++) {
        jc.add(th, recs[k] * Z, pos[k], pos[k].length);
      }
      counts[g - from] = jc;
    }
    long t1 = CpuClock.thread();
    double acc = 0;
    for (int g = from; g < to; g++) {
      int f = g / checkpoints;
      int c = g % checkpoints;
      ConditionalTable table = ConditionalTable.from(counts[g - from]);
      PhiSums sums = PhiSums.empty(Y, Z);
      int[] recs = foldRecords[f];
      int[][] pos = foldPositives[f];
      double[] th = theta[c];
      for (int k = 0; k < perFold; k++) {
        sums.add(kernel, table, th, recs[k] * Z, pos[k], 0, pos[k].length);
      }
      acc += sums.logSum(0, 0);
    }
    long t2 = CpuClock.thread();
    sink[0] += acc;
    return new long[] {t1 - t0, t2 - t1};
  }

  /** The naive way: per (y, z) a 2x2 table by a loop, then a loop with a log per term. */
  long naive(int groups, double[] sink) {
    long t0 = CpuClock.thread();
    double acc = 0;
    for (int g = 0; g < groups; g++) {
      int f = g / checkpoints;
      int c = g % checkpoints;
      for (int y = 0; y < Y; y++) {
        for (int z = 0; z < Z; z++) {
          double[][] joint = new double[2][2];
          for (int k = 0; k < perFold; k++) {
            int i = foldRecords[f][k];
            int t = targets[i][foldLabels[f][y]] ? 1 : 0;
            double p = theta[c][i * Z + z];
            joint[t][1] += p / perFold;
            joint[t][0] += (1 - p) / perFold;
          }
          double phi = 0;
          for (int k = 0; k < perFold; k++) {
            int i = foldRecords[f][k];
            int t = targets[i][foldLabels[f][y]] ? 1 : 0;
            double p = theta[c][i * Z + z];
            double m0 = joint[0][0] + joint[1][0];
            double m1 = joint[0][1] + joint[1][1];
            phi -= Math.log(joint[t][0] / m0 * (1 - p) + joint[t][1] / m1 * p) / perFold;
          }
          acc += phi;
        }
      }
    }
    sink[0] += acc;
    return CpuClock.thread() - t0;
  }

  long[] kernelParallel(int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    int groups = folds * checkpoints;
    List<Future<long[]>> parts = new ArrayList<>();
    long start = System.nanoTime();
    long cpu = CpuClock.process();
    for (int t = 0; t < threads; t++) {
      int from = groups * t / threads;
      int to = groups * (t + 1) / threads;
      parts.add(pool.submit(() -> kernel(from, to, new double[1])));
    }
    for (Future<long[]> p : parts) {
      p.get();
    }
    long wall = System.nanoTime() - start;
    long cpuNs = CpuClock.process() - cpu;
    pool.shutdown();
    return new long[] {wall, cpuNs};
  }

  void writeTables(SparkSession spark, Path dir) {
    StructType preds =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("checkpoint", DataTypes.StringType)
            .add("probs", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("source_labels", DataTypes.createArrayType(DataTypes.StringType));
    String[] src = new String[Z];
    for (int z = 0; z < Z; z++) {
      src[z] = "S" + z;
    }
    List<Row> p = new ArrayList<>();
    for (int c = 0; c < checkpoints; c++) {
      for (int i = 0; i < records; i++) {
        Double[] v = new Double[Z];
        for (int z = 0; z < Z; z++) {
          v[z] = theta[c][i * Z + z];
        }
        p.add(RowFactory.create("r" + i, "ckpt" + c, v, src));
      }
    }
    spark
        .createDataFrame(p, preds)
        .repartition(8)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.resolve("predictions").toString());
    List<Row> t = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      List<String> pos = new ArrayList<>();
      for (int l = 0; l < LABEL_POOL; l++) {
        if (targets[i][l]) {
          pos.add("L" + l);
        }
      }
      t.add(RowFactory.create("r" + i, pos.toArray(new String[0])));
    }
    StructType ts =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("labels", DataTypes.createArrayType(DataTypes.StringType));
    spark
        .createDataFrame(t, ts)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.resolve("targets").toString());
    StructType fs =
        new StructType()
            .add("fold_id", DataTypes.IntegerType)
            .add("labels", DataTypes.createArrayType(DataTypes.StringType))
            .add("record_id", DataTypes.StringType)
            .add("split", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      String[] labels = new String[Y];
      for (int y = 0; y < Y; y++) {
        labels[y] = "L" + foldLabels[f][y];
      }
      for (int k = 0; k < perFold; k++) {
        rows.add(RowFactory.create(f, labels, "r" + foldRecords[f][k], "train"));
      }
    }
    spark
        .createDataFrame(rows, fs)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(dir.resolve("folds").toString());
  }

  // the figures (issue 16), same shapes, one core, this machine
  static final double AUTHORS_LOOP = 2.5e7;
  static final double NUMPY_VECTORISED = 1.7e8;
  static final double BEFORE_PASS1 = 1.2e9;
  static final double BEFORE_PASS2 = 1.2e8;
  static final double BEFORE_BOTH = 1.06e8;
  static final double TARGET_PASS2 = 4e8;
  static final double TARGET_BOTH = 1.5 * NUMPY_VECTORISED;
  static final double TARGET_JOB_RATIO = 1.5;

  private static void printKernel(String name, long[] ns, double updates) {
    double p1 = updates / (ns[0] / 1e9);
    double p2 = updates / (ns[1] / 1e9);
    double both = updates / ((ns[0] + ns[1]) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "%-14s pass 1 %.3g, pass 2 %.3g, both %.3g updates/s/core (%.2f + %.2f s)%n",
        name,
        p1,
        p2,
        both,
        ns[0] / 1e9,
        ns[1] / 1e9);
  }

  private static long[] best(long[] a, long[] b) {
    return a == null ? b : new long[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])};
  }

  private static String versus(double value, double reference, String what) {
    return String.format(Locale.ROOT, "%.2fx %s", value / reference, what);
  }

  public static void main(String[] args) throws Exception {
    int folds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int checkpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int perFold = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    System.out.printf(
        Locale.ROOT,
        "MELEP score benchmark: %d folds x %d checkpoints x %d records, Y=%d, Z=%d (%d cores, load %s)%n",
        folds,
        checkpoints,
        perFold,
        Y,
        Z,
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());
    System.out.println(
        "pass-2 kernel of this JVM: "
            + PhiKernels.best().name()
            + " (-D"
            + PhiKernels.PROPERTY
            + "=false forces the scalar one)");
    ScoreBenchmark b = new ScoreBenchmark(folds, checkpoints, perFold);
    double updates = b.updatesPerPass();
    double[] sink = new double[1];
    int groups = folds * checkpoints;

    // -Dmelep.bench.kernelCold=true: the bare kernel on 2 threads in this fresh JVM, its first run
    // (cold: the JIT compiles it while it runs) then the best of three; no Spark
    if (Boolean.getBoolean("melep.bench.kernelCold")) {
      long[] first = b.kernelParallel(2);
      long[] warmKernel = null;
      for (int run = 0; run < 3; run++) {
        long[] k = b.kernelParallel(2);
        warmKernel = warmKernel == null || k[0] < warmKernel[0] ? k : warmKernel;
      }
      System.out.printf(
          Locale.ROOT,
          "kernel, 2 threads, all %d groups: first run of the JVM %.2f s wall, %.2f s CPU; best of 3 after it %.2f s wall, %.2f s CPU (load %s)%n",
          groups,
          first[0] / 1e9,
          first[1] / 1e9,
          warmKernel[0] / 1e9,
          warmKernel[1] / 1e9,
          LoadAverage.now());
      return;
    }
    Path dir = Path.of("target", "bench-score");
    Files.createDirectories(dir);
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("melep-score-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    b.writeTables(spark, dir);
    // the first job runs before any kernel has been compiled: the cold-JVM figure
    double[] cold = b.runJob(spark, dir, 1);
    // -Dmelep.bench.jobRuns=N: the job alone, N runs (cold first), e.g. under a profiler
    int jobRuns = Integer.getInteger("melep.bench.jobRuns", 0);
    if (jobRuns > 0) {
      for (int run = 2; run <= jobRuns; run++) {
        b.runJob(spark, dir, run);
      }
      spark.stop();
      return;
    }

    // 1. plain loop
    int naiveGroups = Math.max(1, Math.min(50, groups));
    b.naive(5, sink);
    long naiveNs = b.naive(naiveGroups, sink);
    double naiveRate = (double) naiveGroups * perFold * Y * Z / (naiveNs / 1e9);
    System.out.printf(
        Locale.ROOT,
        "plain loop     (a Math.log per term, %d groups, per CPU second): %.3g updates/s/core both passes (%s; %s)%n",
        naiveGroups,
        naiveRate,
        versus(naiveRate, AUTHORS_LOOP, "the authors' loop 2.5e7"),
        versus(naiveRate, NUMPY_VECTORISED, "vectorised NumPy 1.7e8"));

    // 2. and 3. the kernels, one thread, best of three runs over the first groups
    int sample = Math.min(groups, 1000);
    double sampleUpdates = updates * sample / groups;
    System.out.printf(
        Locale.ROOT,
        "kernels, 1 thread, best of 3 runs over %d groups (rates per CPU second of the thread; load %s):%n",
        sample,
        LoadAverage.now());
    PhiKernel scalar = PhiKernels.scalar();
    PhiKernel simd = PhiKernels.best().name().equals("simd") ? PhiKernels.best() : null;
    b.kernel(0, Math.min(200, groups), scalar, sink);
    long[] scalarNs = null;
    for (int run = 0; run < 3; run++) {
      scalarNs = best(scalarNs, b.kernel(0, sample, scalar, sink));
    }
    printKernel("scalar kernel", scalarNs, sampleUpdates);
    long[] simdNs = null;
    if (simd != null) {
      b.kernel(0, Math.min(200, groups), simd, sink);
      for (int run = 0; run < 3; run++) {
        simdNs = best(simdNs, b.kernel(0, sample, simd, sink));
      }
      printKernel("SIMD kernel", simdNs, sampleUpdates);
    } else {
      System.out.println(
          "SIMD kernel    not available in this JVM (needs --add-modules jdk.incubator.vector)");
    }
    long[] fast = simdNs != null ? simdNs : scalarNs;
    double pass1 = sampleUpdates / (fast[0] / 1e9);
    double pass2 = sampleUpdates / (fast[1] / 1e9);
    System.out.printf(
        Locale.ROOT,
        "  vs issue 16: pass 1 %.3g (issue's figure 1.2e9 with plain sums: %.2fx; now blocked compensated sums)%n",
        pass1,
        pass1 / BEFORE_PASS1);
    double both = sampleUpdates / ((fast[0] + fast[1]) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "  vs issue 16: pass 2 %.3g = %s (before 1.2e8: %.2fx; target 4e8: %s)%n",
        pass2,
        versus(pass2, NUMPY_VECTORISED, "vectorised NumPy"),
        pass2 / BEFORE_PASS2,
        pass2 >= TARGET_PASS2 ? "met" : "NOT met");
    System.out.printf(
        Locale.ROOT,
        "  vs issue 16: both passes %.3g = %s (before 1.06e8: %.2fx; target 2.55e8 = 1.5x NumPy: %s)%n",
        both,
        versus(both, NUMPY_VECTORISED, "vectorised NumPy"),
        both / BEFORE_BOTH,
        both >= TARGET_BOTH ? "met" : "NOT met");

    // 4. the kernel on both cores, then the job on the same two cores
    long[] kernel2 = null; // best of three runs, as the warm job
    for (int run = 0; run < 3; run++) {
      long[] k = b.kernelParallel(2);
      kernel2 = kernel2 == null || k[0] < kernel2[0] ? k : kernel2;
    }
    double kernelWall = kernel2[0] / 1e9;
    double kernelCpu = kernel2[1] / 1e9;
    System.out.printf(
        Locale.ROOT,
        "kernel, 2 threads, all %d groups, best of 3: both passes %.2f s wall, %.2f s CPU%n",
        groups,
        kernelWall,
        kernelCpu);
    // warm: the best of three runs (one run varies by a second or more on a shared machine)
    double[] warm = null;
    for (int run = 2; run <= 4; run++) {
      double[] w = b.runJob(spark, dir, run);
      warm = warm == null || w[0] < warm[0] ? w : warm;
    }
    System.out.printf(
        Locale.ROOT,
        "spark local[2] vs the kernel on 2 cores: cold %.2fx wall, %.2fx CPU; warm (best of 3) %.2fx wall, %.2fx CPU "
            + "(issue 16: before 3.0-3.6x wall; target %.1fx: %s)%n",
        cold[0] / kernelWall,
        cold[1] / kernelCpu,
        warm[0] / kernelWall,
        warm[1] / kernelCpu,
        TARGET_JOB_RATIO,
        cold[1] / kernelCpu <= TARGET_JOB_RATIO
            ? "met cold (CPU)"
            : warm[1] / kernelCpu <= TARGET_JOB_RATIO ? "met warm only (CPU)" : "NOT met");

    // 5. flat in the number of groups: the partition loop with 100 and with 1,000,000 groups
    GroupScaling.run(spark);
    spark.stop();
    System.out.println("(sink " + sink[0] + ")");
  }

  /** One ScoreJob over the written tables; prints its stages and returns {wall, CPU} seconds. */
  double[] runJob(SparkSession spark, Path dir, int run) {
    long start = System.nanoTime();
    long cpu = CpuClock.process();
    ScoreResult r =
        ScoreJob.on(spark)
            .predictions(TableReader.read(spark, dir.resolve("predictions").toString(), "parquet"))
            .targets(TableReader.read(spark, dir.resolve("targets").toString(), "parquet"))
            .folds(TableReader.read(spark, dir.resolve("folds").toString(), "parquet"))
            .weightings(List.of(Weighting.CODE))
            .execute();
    long rows = r.scores().count();
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (CpuClock.process() - cpu) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "spark local[2] run %d%s: %.2f s wall, %.2f s CPU (all threads) for %d groups (%d ok), load %s%n",
        run,
        run == 1 ? " (cold: before any kernel ran in this JVM)" : "",
        wall,
        cpuSeconds,
        rows,
        r.summary().groupsOk(),
        LoadAverage.now());
    r.summary()
        .secondsPerStage()
        .forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-32s %7.2f s wall%n", k, v));
    return new double[] {wall, cpuSeconds};
  }
}
