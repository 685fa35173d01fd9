package org.melep.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the stages of a job under a Spark job description (shown in the Spark UI and the progress
 * line) and records each stage's wall time for the run summary.
 */
public final class StageTimer {
  private final JavaSparkContext jsc;
  private final String prefix;
  private final Map<String, Double> seconds = new LinkedHashMap<>();

  public StageTimer(SparkSession spark, String prefix) {
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.prefix = prefix;
  }

  public <T> T time(String stage, Supplier<T> work) {
    String previous = jsc.getLocalProperty("spark.job.description");
    jsc.setJobDescription(prefix + stage);
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      seconds.put(stage, (System.nanoTime() - start) / 1e9);
      jsc.setJobDescription(previous);
    }
  }

  /** Seconds per stage, in the order the stages ran. */
  public Map<String, Double> seconds() {
    return seconds;
  }
}
