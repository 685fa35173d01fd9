package org.melep.bench;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.melep.SharedData;
import org.melep.corpus.preprocess.Normalization;
import org.melep.corpus.preprocess.PreprocessOptions;
import org.melep.corpus.preprocess.Preprocessor;
import org.melep.corpus.preprocess.ResampleMethod;
import org.melep.ingest.IngestJob;
import org.melep.ingest.IngestSummary;
import org.melep.ingest.SourceRecord;
import org.melep.ingest.WfdbRecordReader;

/**
 * Records per second of {@code melep ingest} on this machine, over the shared sample records:
 * reading + preprocessing in one thread (files already in memory, so parsing and DSP only), per
 * source and resampler; then the Spark job end to end on {@code local[*]}.
 *
 * <p>Run: {@code scripts/bench-ingest} (see docs/ingest.md).
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  /** A record's files in memory: header bytes and its signal files by name. */
  private record Loaded(Path header, byte[] headerBytes, Map<String, byte[]> files) {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int copies = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.printf(
        Locale.ROOT,
        "melep ingest benchmark: %d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    Map<String, List<Loaded>> groups = new java.util.LinkedHashMap<>();
    groups.put("challenge 500 Hz (.hea+.mat)", load("cinc2021", p -> !name(p).startsWith("S")));
    groups.put("challenge 1000 Hz S* (.hea+.mat)", load("cinc2021", p -> name(p).startsWith("S")));
    groups.put("PTB-XL 100 Hz (.hea+.dat)", load("ptb-xl/records100", p -> true));
    groups.put("PTB-XL 500 Hz (.hea+.dat)", load("ptb-xl/records500", p -> true));
    for (ResampleMethod method : ResampleMethod.values()) {
      Preprocessor pre =
          new Preprocessor(new PreprocessOptions(100, 10, method, Normalization.NONE));
      for (Map.Entry<String, List<Loaded>> g : groups.entrySet()) {
        if (method == ResampleMethod.DECIMATE && g.getKey().contains("100 Hz")) {
          continue; // same as fir: 100 Hz input passes through
        }
        double rate = measure(g.getValue(), pre, seconds);
        System.out.printf(
            Locale.ROOT,
            "parse+preprocess %-8s %-34s %9.0f records/s (1 thread)%n",
            method.name().toLowerCase(Locale.ROOT),
            g.getKey(),
            rate);
      }
    }
    sparkEndToEnd(copies);
  }

  private static double measure(List<Loaded> records, Preprocessor pre, int seconds)
      throws IOException {
    long deadline = System.nanoTime() + 500_000_000L; // warm-up
    while (System.nanoTime() < deadline) {
      runOnce(records, pre);
    }
    long n = 0;
    long start = System.nanoTime();
    deadline = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      n += runOnce(records, pre);
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  private static int runOnce(List<Loaded> records, Preprocessor pre) throws IOException {
    long sink = 0;
    for (Loaded l : records) {
      SourceRecord r =
          WfdbRecordReader.read(
              l.header().toString(),
              l.headerBytes(),
              name -> {
                byte[] b = l.files().get(name);
                if (b == null) {
                  throw new FileNotFoundException(name);
                }
                return b;
              });
      sink += pre.process(r.millivolts(), r.fs(), r.gain()).digital()[0][0];
    }
    if (sink == Long.MIN_VALUE) {
      System.out.println(sink);
    }
    return records.size();
  }

  /**
   * A bigger challenge tree under target/: {@code copies} copies of the shared cinc2021 records,
   * renamed ({@code A0001} becomes {@code A0001c7}) with hard links to the signal files.
   */
  private static Path copiesTree(int copies) throws IOException {
    Path tree = Path.of("jobs", "target", "bench-ingest-tree").toAbsolutePath();
    Path src = data("cinc2021");
    List<Path> headers;
    try (Stream<Path> s = Files.list(src)) {
      headers = s.filter(p -> name(p).endsWith(".hea")).sorted().toList();
    }
    for (int c = 0; c < copies; c++) {
      Path dir = Files.createDirectories(tree.resolve(String.format("copy%03d", c)));
      for (Path h : headers) {
        String stem = name(h).substring(0, name(h).length() - 4);
        String to = stem + "c" + c;
        if (!Files.exists(dir.resolve(to + ".hea"))) {
          Files.writeString(dir.resolve(to + ".hea"), Files.readString(h).replace(stem, to));
          Path target = dir.resolve(to + ".mat");
          try {
            Files.createLink(target, src.resolve(stem + ".mat"));
          } catch (IOException | UnsupportedOperationException e) {
            Files.copy(src.resolve(stem + ".mat"), target);
          }
        }
      }
    }
    return tree;
  }

  private static void sparkEndToEnd(int copies) throws IOException {
    SparkSession spark =
        SparkSession.builder()
            .master("local[*]")
            .appName("ingest-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    String out = Path.of("jobs", "target", "bench-ingest-corpus").toAbsolutePath().toString();
    List<String> inputs = List.of(data("cinc2021").toString(), data("ptb-xl").toString());
    run(spark, "shared data (cinc2021 + ptb-xl 100 Hz)", inputs, out, 2);
    Path tree = copiesTree(copies);
    run(spark, copies + " renamed copies of cinc2021", List.of(tree.toString()), out, 2);
    spark.stop();
  }

  private static void run(
      SparkSession spark, String what, List<String> inputs, String out, int rounds) {
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      IngestSummary s =
          new IngestJob(spark).inputs(inputs).output(out).progress(line -> {}, 0).execute();
      double secs = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "spark local[*] end to end, %s, round %d: %d records in %.2f s = %.0f records/s%n",
          what,
          round + 1,
          s.ingested() + s.rejected(),
          secs,
          (s.ingested() + s.rejected()) / secs);
    }
  }

  /**
   * The sample records: the wider folder given by {@code -Dmelep.bench.data} (scripts/benchmark
   * passes the workspace's shared data when it exists), else the tests' own copy.
   */
  private static Path data(String folder) {
    String wider = System.getProperty("melep.bench.data");
    return wider != null && Files.isDirectory(Path.of(wider))
        ? Path.of(wider).resolve(folder)
        : SharedData.resolve(folder);
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static List<Loaded> load(String folder, java.util.function.Predicate<Path> keep)
      throws IOException {
    List<Loaded> out = new ArrayList<>();
    List<Path> headers;
    try (Stream<Path> s = Files.walk(data(folder))) {
      headers = s.filter(p -> name(p).endsWith(".hea")).filter(keep).sorted().toList();
    }
    for (Path h : headers) {
      Map<String, byte[]> files = new HashMap<>();
      String stem = name(h).substring(0, name(h).length() - 4);
      for (String ext : List.of(".mat", ".dat")) {
        Path f = h.resolveSibling(stem + ext);
        if (Files.exists(f)) {
          files.put(stem + ext, Files.readAllBytes(f));
        }
      }
      out.add(new Loaded(h, Files.readAllBytes(h), files));
    }
    return out;
  }
}
