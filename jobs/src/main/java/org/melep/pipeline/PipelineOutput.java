package org.melep.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.melep.io.AtomicOutput;
import org.melep.io.JsonFiles;

/**
 * Writes a scoring run to {@code OUT}: {@code scores/} and {@code ranking/} (Parquet) and {@code
 * summary.json}, staged beside {@code OUT} and swapped into place when complete, so a failed run
 * leaves the previous night's results intact.
 */
public final class PipelineOutput {
  public static final String SCORES = "scores";
  public static final String RANKING = "ranking";
  public static final String SUMMARY = "summary.json";

  /** The command recorded in the output's marker (see {@link org.melep.io.OutputGuard}). */
  public static final String COMMAND = "score";

  private PipelineOutput() {}

  public static void write(SparkSession spark, PipelineResult result, String out) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    AtomicOutput output = new AtomicOutput(out, COMMAND, conf);
    Path staging = output.stagingPath();
    try {
      result.scores().coalesce(1).write().parquet(new Path(staging, SCORES).toString());
      result.ranking().coalesce(1).write().parquet(new Path(staging, RANKING).toString());
      JsonFiles.write(conf, new Path(staging, SUMMARY), result.summary());
      output.commit(staging);
    } catch (RuntimeException e) {
      output.abort(staging);
      throw e;
    }
  }
}
