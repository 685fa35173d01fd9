package org.melep.bench;

import org.apache.spark.sql.SparkSession;

/**
 * The partition loop alone with 100 and with 1,000,000 groups ({@link GroupScaling}, also the last
 * part of {@code scripts/benchmark Score}).
 *
 * <pre>scripts/benchmark Groups [large]   (large: the 1,000,000-group case alone, for a profiler)
 * </pre>
 */
public final class GroupsBenchmark {
  private GroupsBenchmark() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("melep-groups-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    try {
      if (args.length > 0
          && args[0].equals("large")) { // the 1,000,000-group case alone (for a profiler)
        GroupScaling.large(spark);
        return;
      }
      GroupScaling.run(spark);
    } finally {
      spark.stop();
    }
  }
}
