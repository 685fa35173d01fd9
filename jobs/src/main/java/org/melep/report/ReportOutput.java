package org.melep.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.melep.io.AtomicOutput;
import org.melep.io.JsonFiles;

/**
 * Writes {@code R/index.html}, {@code R/report.json} (the summary and notes), {@code
 * R/tables/*.csv} and {@code R/figures/*.png|svg}, staged beside R and swapped into place. An
 * existing R is only replaced when it is a previous report (see {@link AtomicOutput}).
 */
public final class ReportOutput {
  public static final String INDEX = "index.html";
  public static final String MARKER = "report.json";

  /** The command name in the output marker: only a previous report is replaced. */
  public static final String COMMAND = "report";

  private ReportOutput() {}

  public static void write(SparkSession spark, ReportResult result, String out) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    AtomicOutput output = new AtomicOutput(out, COMMAND, conf);
    Path staging = output.stagingPath();
    try {
      write(
          conf, new Path(staging, INDEX), ReportHtml.page(result).getBytes(StandardCharsets.UTF_8));
      for (Table t : result.analysis().tables().values()) {
        write(
            conf,
            new Path(staging, "tables/" + t.name() + ".csv"),
            t.csv().getBytes(StandardCharsets.UTF_8));
      }
      for (Figure f : result.figures()) {
        write(conf, new Path(staging, "figures/" + f.name() + ".png"), f.png());
        write(conf, new Path(staging, "figures/" + f.name() + ".svg"), f.svg());
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("summary", result.summary());
      summary.put("notes", result.notes());
      summary.put("inputs", result.inputsDescription());
      JsonFiles.write(conf, new Path(staging, MARKER), summary);
      output.commit(staging);
    } catch (RuntimeException e) {
      output.abort(staging);
      throw e;
    }
  }

  private static void write(Configuration conf, Path path, byte[] bytes) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream os = fs.create(path, false)) {
        os.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }
}
