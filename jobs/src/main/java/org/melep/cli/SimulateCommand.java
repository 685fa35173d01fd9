package org.melep.cli;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.melep.simulate.Relatedness;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.simulate.plot.RecordSheet;
import org.melep.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code melep simulate}: a synthetic 12-lead corpus in the canonical format. */
@Command(
    name = "simulate",
    description = {
      "Generates a synthetic 12-lead ECG corpus (canonical corpus format, Parquet partitioned by"
          + " dataset) on Spark, deterministic for a seed. See docs/simulate.md.",
      "With --plot only, renders one record per simulated condition to a PNG (no Spark)."
    })
public class SimulateCommand extends BaseCommand {
  @Option(names = "--records", description = "Number of records to generate.")
  Long records;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Output corpus directory (replaced atomically).")
  String out;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description = "Spark partitions (default 0: one per 10,000 records, at least the cores).")
  int partitions;

  @Option(
      names = "--datasets",
      description =
          "Simulated datasets and weights, e.g. sim_csn:0.5,sim_cpsc:0.2 (default: all of the"
              + " configuration with their weights).")
  String datasets;

  @Option(
      names = "--config",
      description = "Simulator settings YAML (default: the embedded conf/simulate.yaml).")
  Path config;

  @Option(names = "--plot", description = "Write a PNG of one record per condition to this path.")
  Path plot;

  @Option(
      names = "--plot-dataset",
      defaultValue = "sim_csn",
      description = "Dataset whose recording settings the plot uses (default: ${DEFAULT-VALUE}).")
  String plotDataset;

  /** The output size above which {@code simulate} asks for {@code --yes} or a larger bound. */
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 10_000_000_000L;

  @Option(
      names = "--max-output-size",
      defaultValue = "10GB",
      description =
          "Refuse when the estimated output is larger (units KB, MB, GB, TB of 1000; default: ${DEFAULT-VALUE}).")
  String maxOutputSize;

  @Option(names = "--yes", description = "Write whatever the estimated output size.")
  boolean yes;

  @Option(
      names = "--plot-compare",
      description =
          "With --plot: the same conditions recorded by these datasets side by side, e.g."
              + " sim_ptbxl,sim_georgia (rows: --plot-conditions).")
  String plotCompare;

  @Option(
      names = "--plot-conditions",
      defaultValue = "NORM,NORM+LAD,NORM+TInv",
      description =
          "With --plot-compare: one row per condition set, conditions joined by + (default:"
              + " ${DEFAULT-VALUE}).")
  String plotConditions;

  @Override
  protected int doCall() throws Exception {
    SimulationConfig cfg =
        config == null ? SimulationConfig.embedded() : SimulationConfig.read(config);
    if (datasets != null) {
      cfg = cfg.withDatasets(datasets);
    }
    if (plot == null && (records == null || out == null)) {
      throw new ExitException(
          EXIT_INVALID_INPUT, "Cannot simulate: need --records and --out (or --plot PATH)");
    }
    if (plot != null && plotCompare != null) {
      java.util.List<Long> masks = new java.util.ArrayList<>();
      for (String row : plotConditions.split(",")) {
        long m = 0;
        for (String c : row.strip().split("\\+")) {
          m |= org.melep.simulate.Condition.parse(c.strip()).bit();
        }
        masks.add(m);
      }
      java.util.List<String> names = new java.util.ArrayList<>();
      for (String d : plotCompare.split(",")) {
        names.add(cfg.dataset(d.strip()).name);
      }
      RecordSheet.write(new RecordSheet(cfg, seed).compare(names, masks), plot);
      out().println("Wrote " + plot);
    } else if (plot != null) {
      new RecordSheet(cfg, seed).dataset(plotDataset).write(plot);
      out().println("Wrote " + plot);
    }
    if (records == null && out == null) {
      return EXIT_OK;
    }
    if (records == null || out == null) {
      throw new ExitException(EXIT_INVALID_INPUT, "Cannot simulate: need both --records and --out");
    }
    if (records < 1) {
      throw new ExitException(
          EXIT_INVALID_INPUT, "Cannot simulate: --records must be >= 1: " + records);
    }
    if (partitions < 0) {
      throw new ExitException(
          EXIT_INVALID_INPUT, "Cannot simulate: --partitions must be >= 0: " + partitions);
    }
    long bound = parseSize(maxOutputSize);
    long perRecord = SimulateJob.estimatedBytesPerRecord(cfg);
    double estimate = (double) perRecord * records;
    if (!yes && estimate > bound) {
      throw new ExitException(
          EXIT_INVALID_INPUT,
          String.format(
              java.util.Locale.ROOT,
              "Cannot simulate %d records: the output would be about %s (%d bytes per record), above"
                  + " the %s bound; pass --yes or a larger --max-output-size to write it",
              records,
              formatSize(estimate),
              perRecord,
              formatSize(bound)));
    }
    outputGuard().input(config == null ? null : config.toString()).output("simulate", out).check();
    SparkSession spark = SparkSessions.getOrCreate("melep simulate");
    SimulateJob.Result r =
        new SimulateJob(spark)
            .config(cfg)
            .records(records)
            .seed(seed)
            .partitions(partitions)
            .out(out)
            .execute();
    StringBuilder per = new StringBuilder();
    for (Map.Entry<String, Long> e : r.perDataset().entrySet()) {
      per.append(per.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
    }
    out()
        .printf(
            "Simulated %d records (%s) to %s in %.1f s: %.0f records/s, %.0f bytes/record on"
                + " disk%n",
            r.records(), per, r.out(), r.seconds(), r.recordsPerSecond(), r.bytesPerRecord());
    out()
        .println(
            "Relatedness of sources and target labels: "
                + new org.apache.hadoop.fs.Path(r.out(), Relatedness.FILE_NAME)
                + " (docs/simulate.md)");
    return EXIT_OK;
  }

  /** {@code 10GB}, {@code 500 MB}, {@code 2TB}, {@code 123} (bytes); units of 1000. */
  static long parseSize(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace(" ", "");
    long unit = 1;
    for (String[] u :
        new String[][] {
          {"TB", "1000000000000"},
          {"GB", "1000000000"},
          {"MB", "1000000"},
          {"KB", "1000"},
          {"B", "1"}
        }) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length());
        break;
      }
    }
    try {
      double v = Double.parseDouble(t);
      if (!(v > 0) || v * unit > Long.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (long) (v * unit);
    } catch (NumberFormatException e) {
      throw new ExitException(
          EXIT_INVALID_INPUT,
          "Cannot simulate: --max-output-size must be a positive size like 10GB or 500MB: " + text);
    }
  }

  /** Bytes in KB, MB, GB or TB (units of 1000), one decimal. */
  static String formatSize(double bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
    int i = 0;
    while (bytes >= 1000 && i < units.length - 1) {
      bytes /= 1000;
      i++;
    }
    return String.format(java.util.Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", bytes, units[i]);
  }
}
