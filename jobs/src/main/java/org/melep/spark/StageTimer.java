package org.melep.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the stages of a job under a Spark job description (shown in the Spark UI and the progress
 * line) and records each stage's wall time for the run summary. Stages may run on several driver
 * threads at once ({@link SideJob}); {@link #order} fixes the order they are listed in.
 */
public final class StageTimer {
  private final JavaSparkContext jsc;
  private final String prefix;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final List<String> order = new ArrayList<>();

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
      double elapsed = (System.nanoTime() - start) / 1e9;
      synchronized (seconds) {
        seconds.put(stage, elapsed);
      }
      jsc.setJobDescription(previous);
    }
  }

  /**
   * Lists these stages first, in this order, whichever thread ends first (stages that ran
   * concurrently).
   */
  public StageTimer order(String... stages) {
    synchronized (seconds) {
      order.addAll(List.of(stages));
    }
    return this;
  }

  /**
   * Seconds per stage that ended: those of {@link #order} in that order, then in the order ended.
   */
  public Map<String, Double> seconds() {
    synchronized (seconds) {
      Map<String, Double> out = new LinkedHashMap<>();
      for (String stage : order) {
        if (seconds.containsKey(stage)) {
          out.put(stage, seconds.get(stage));
        }
      }
      seconds.forEach(out::putIfAbsent);
      return out;
    }
  }
}
