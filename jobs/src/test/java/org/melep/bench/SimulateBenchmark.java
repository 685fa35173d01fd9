package org.melep.bench;

import java.io.File;
import org.apache.spark.sql.SparkSession;
import org.melep.labels.LabelSets;
import org.melep.simulate.RecordGenerator;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.spark.SparkSessions;

/**
 * Throughput of {@code melep simulate}: the generator alone on one thread, then the whole Spark job
 * including the Parquet write. Run with {@code scripts/benchmark Simulate [records] [out]} (default
 * 200,000 records to {@code target/bench-simulate}); Spark settings as for {@code scripts/melep}
 * ({@code conf/spark-local.conf}, override with {@code MELEP_SPARK_CONF}).
 */
public final class SimulateBenchmark {
  private SimulateBenchmark() {}

  public static void main(String[] args) {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
    String out = args.length > 1 ? args[1] : "target/bench-simulate";
    int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 0;

    RecordGenerator gen = new RecordGenerator(SimulationConfig.embedded(), LabelSets.defaults(), 1);
    int warm = 20_000;
    long sink = 0;
    for (int i = 0; i < warm; i++) {
      sink += gen.generate(i).signal()[0];
    }
    int n = 40_000;
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sink += SimulateJob.toFileRow(gen.generate(warm + i)).size();
    }
    double genSeconds = (System.nanoTime() - t0) / 1e9;
    double genCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    System.out.printf(
        "generator alone (1 thread, rows built, no write): %.0f records/s wall, %.0f records per"
            + " CPU-second (%d)%n",
        n / genSeconds, n / genCpu, sink & 1);

    SparkSession spark = SparkSessions.getOrCreate("melep simulate benchmark");
    int cores = spark.sparkContext().defaultParallelism();
    // warm the Spark and Parquet code paths on a small run first
    new SimulateJob(spark).records(2_000).seed(2).out(out + "-warmup").execute();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    SimulateJob.Result r =
        new SimulateJob(spark).records(records).seed(1).partitions(partitions).out(out).execute();
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    System.out.printf(
        "simulate %d records on %d cores: %.1f s, %.0f records/s (%.0f records/s per core),"
            + " %.0f bytes/record on disk (%.1f MB total), per dataset %s;"
            + " process CPU %.1f s = %.0f records per CPU-second (what one dedicated core does)%n",
        r.records(),
        cores,
        r.seconds(),
        r.recordsPerSecond(),
        r.recordsPerSecond() / cores,
        r.bytesPerRecord(),
        r.bytesOnDisk() / 1e6,
        r.perDataset(),
        cpuSeconds,
        r.records() / cpuSeconds);
    spark.stop();
    deleteRecursively(new File(out + "-warmup"));
  }

  private static void deleteRecursively(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteRecursively(c);
      }
    }
    f.delete();
  }
}
