package org.melep.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.melep.io.AtomicOutput;

/**
 * Writes a scoring run: {@code OUT/scores} (Parquet, one row per fold x checkpoint x weighting)
 * and {@code OUT/summary.json}, staged aside and swapped into place, so a failed run leaves the
 * previous output intact.
 */
public final class ScoreOutput {
  public static final String SCORES = "scores";
  public static final String SUMMARY = "summary.json";

  private ScoreOutput() {}

  public static void write(SparkSession spark, ScoreResult result, String out) {
    AtomicOutput output = new AtomicOutput(out, spark.sparkContext().hadoopConfiguration());
    Path staging = output.stagingPath();
    try {
      result.scores().coalesce(1).write().parquet(new Path(staging, SCORES).toString());
      writeJson(spark, new Path(staging, SUMMARY), result.summary());
      output.commit(staging);
    } catch (RuntimeException e) {
      output.abort(staging);
      throw e;
    }
  }

  /** Writes a value as indented JSON to a Hadoop path. */
  public static void writeJson(SparkSession spark, Path path, Object value) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream os = fs.create(path, false)) {
        json.writeValue(os, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }
}
