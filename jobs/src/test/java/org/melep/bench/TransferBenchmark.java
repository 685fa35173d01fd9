package org.melep.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.fold.FoldsJob;
import org.melep.simulate.Relatedness;
import org.melep.simulate.SimulateJob;
import org.melep.simulate.SimulationConfig;
import org.melep.train.FinetuneJob;
import org.melep.train.FinetuneSchema;
import org.melep.train.PretrainJob;
import org.melep.train.TrainSettings;
import org.melep.zoo.ZooManifest;

/**
 * The demo-setting check of issue 11 (docs/simulate.md, "Checking that the structure is learnable",
 * 2): simulate, pretrain {@code resnet1d-small} and {@code bilstm-small} on sim_cpsc, sim_georgia
 * and sim_ptbxl (6 checkpoints), draw prevalence-matched folds of a fixed label count, fine-tune
 * every (fold, checkpoint) with 3 seeds in {@code --mode head}, and print per fold the spread
 * between checkpoints (SD over checkpoints of the seed-mean weighted F1), the pooled seed SD, their
 * ratio, the checkpoint {@link Relatedness} predicts and the best one; overall the median ratio
 * (pass >= 2) and the top-1 agreement (pass > 1/2). Scores: test weighted F1 at the epoch the
 * validation split picks.
 *
 * <p>Run: {@code scripts/benchmark Transfer [records] [folds] [records-per-fold] [test-size]
 * [pretrain-epochs] [finetune-epochs] [labels]} (defaults 12000 16 500 500 6 15 4); work folder
 * {@code target/bench-transfer} (replaced).
 */
public final class TransferBenchmark {
  private static final List<String> SOURCES = List.of("sim_cpsc", "sim_georgia", "sim_ptbxl");
  private static final List<String> ARCHS = List.of("resnet1d-small", "bilstm-small");
  private static final int SEEDS = 3;

  private TransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = arg(args, 0, 12000);
    int folds = arg(args, 1, 16);
    int perFold = arg(args, 2, 500);
    int testSize = arg(args, 3, 500);
    int pretrainEpochs = arg(args, 4, 6);
    int finetuneEpochs = arg(args, 5, 15);
    int labels = arg(args, 6, 4);
    Path dir = Path.of("target/bench-transfer").toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    String corpus = dir.resolve("corpus").toString();
    String foldsOut = dir.resolve("folds").toString();
    String zoo = dir.resolve("zoo").toString();
    String grid = dir.resolve("finetune").toString();
    System.out.printf(
        Locale.ROOT,
        "transfer check: %d records, %d folds of %d labels (prevalence-matched), train %d + test %d records per fold,"
            + " pretrain %d epochs, fine-tune --mode head %d epochs x %d seeds; load average %s%n",
        records,
        folds,
        labels,
        Math.round(perFold * 0.7),
        testSize,
        pretrainEpochs,
        finetuneEpochs,
        SEEDS,
        LoadAverage.now());
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("melep-bench-transfer")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    long t0 = System.nanoTime();
    long cpu0 = CpuClock.process();
    new SimulateJob(spark)
        .config(SimulationConfig.embedded())
        .records(records)
        .seed(1)
        .out(corpus)
        .execute();
    double tSim = seconds(t0);
    FoldsJob.Result drawn =
        new FoldsJob(spark)
            .corpus(corpus)
            .out(foldsOut)
            .protocol("csn")
            .dataset("sim_csn")
            .seed(1)
            .folds(folds)
            .recordsPerFold(perFold)
            .testSize(testSize)
            .labels(labels)
            .prevalenceMatched(true)
            .execute();
    double tFolds = seconds(t0);
    TrainSettings pre =
        TrainSettings.paper().withEpochs(pretrainEpochs).withBatchSize(32).withThreads(1);
    PretrainJob.Result zooResult =
        new PretrainJob(spark)
            .corpus(corpus)
            .datasets(SOURCES)
            .architectures(ARCHS)
            .out(zoo)
            .settings(pre)
            .execute();
    if (zooResult.failed() > 0) {
      throw new IllegalStateException("pretraining failed: " + zooResult.outcomes());
    }
    for (var o : zooResult.outcomes()) {
      System.out.printf(
          Locale.ROOT,
          "  pretrained %-27s test weighted F1 %.3f (label-prior baseline %.3f), epoch %d, %d train records%n",
          o.task().checkpoint(),
          o.test().weightedF1(),
          o.priorBaselineF1(),
          o.bestEpoch(),
          o.nTrain());
    }
    double tPre = seconds(t0);
    ZooManifest manifest =
        ZooManifest.read(zooResult.manifestPath(), spark.sparkContext().hadoopConfiguration());
    TrainSettings ft =
        TrainSettings.paper().withEpochs(finetuneEpochs).withBatchSize(32).withThreads(1);
    FinetuneJob.Result tuned =
        new FinetuneJob(spark)
            .corpus(corpus)
            .folds(foldsOut)
            .zoo(manifest)
            .out(grid)
            .mode(FinetuneSchema.MODE_HEAD)
            .seeds(SEEDS)
            .settings(ft)
            .execute();
    if (tuned.failed() > 0) {
      throw new IllegalStateException("fine-tuning failed for " + tuned.failed() + " tasks");
    }
    double tFt = seconds(t0);
    double cpu = (CpuClock.process() - cpu0) / 1e9;

    // seed-mean F1 per (fold, checkpoint), seed SD per pair
    Map<String, Map<String, List<Double>>> f1 = new TreeMap<>(TransferBenchmark::compareIds);
    Map<String, String> sourceOf = new HashMap<>();
    Map<String, String> archOf = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(tuned.resultsPath())
            .filter(
                col("epoch_rule")
                    .equalTo(FinetuneSchema.RULE_VALIDATION)
                    .and(col("status").equalTo(FinetuneSchema.OK)))
            .select("fold_id", "checkpoint", "source_dataset", "architecture", "weighted_f1")
            .collectAsList()) {
      f1.computeIfAbsent(r.getString(0), k -> new TreeMap<>())
          .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
          .add(r.isNullAt(4) ? 0.0 : r.getDouble(4));
      sourceOf.put(r.getString(1), r.getString(2));
      archOf.put(r.getString(1), r.getString(3));
    }
    // label weights for the prediction: each label's positives in the fold's train split
    Map<String, List<String>> foldLabels = new HashMap<>();
    Map<String, Map<String, Double>> positives = new HashMap<>();
    for (var f : drawn.folds()) {
      String id = String.valueOf(f.foldId());
      foldLabels.put(id, f.labels());
      Map<String, Double> w = new LinkedHashMap<>();
      for (String l : f.labels()) {
        w.put(l, 0.0);
      }
      positives.put(id, w);
    }
    for (Row r :
        spark
            .read()
            .parquet(foldsOut)
            .filter(col("split").equalTo("train"))
            .join(spark.read().parquet(corpus).select("record_id", "labels_csn"), "record_id")
            .select("fold_id", "labels_csn")
            .collectAsList()) {
      Map<String, Double> w = positives.get(String.valueOf(r.get(0)));
      for (Object l : r.getList(1)) {
        w.computeIfPresent((String) l, (k, v) -> v + 1);
      }
    }
    Relatedness table = Relatedness.readCorpus(corpus, spark.sparkContext().hadoopConfiguration());
    spark.stop();

    System.out.printf(
        Locale.ROOT,
        "%-5s %-28s %7s %8s %6s  %-12s %-28s %s%n",
        "fold",
        "labels",
        "spread",
        "seed SD",
        "ratio",
        "predicted",
        "best checkpoint",
        "agree (per arch)");
    List<Double> ratios = new ArrayList<>();
    List<Double> spreads = new ArrayList<>();
    double pooledAll = 0;
    int pooledN = 0;
    int agree = 0;
    int predictedFolds = 0;
    Map<String, int[]> perArch = new TreeMap<>();
    Map<String, List<Double>> archRatio = new TreeMap<>();
    List<String> bestSources = new ArrayList<>();
    List<String> predictions = new ArrayList<>();
    for (Map.Entry<String, Map<String, List<Double>>> fold : f1.entrySet()) {
      Map<String, Double> means = new TreeMap<>();
      double within = 0;
      int pairs = 0;
      for (Map.Entry<String, List<Double>> c : fold.getValue().entrySet()) {
        means.put(c.getKey(), mean(c.getValue()));
        within += variance(c.getValue());
        pairs++;
      }
      double seedSd = Math.sqrt(within / pairs);
      pooledAll += within;
      pooledN += pairs;
      double spread = Math.sqrt(variance(new ArrayList<>(means.values())));
      double ratio = spread / seedSd;
      ratios.add(ratio);
      spreads.add(spread);
      String best =
          means.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
      bestSources.add(sourceOf.get(best));
      // the same spread within one architecture: the sources alone, not resnet against bilstm
      StringBuilder archRatios = new StringBuilder();
      for (String arch : ARCHS) {
        List<Double> m = new ArrayList<>();
        double v = 0;
        for (Map.Entry<String, List<Double>> c : fold.getValue().entrySet()) {
          if (c.getKey().startsWith(arch + "-")) {
            m.add(mean(c.getValue()));
            v += variance(c.getValue());
          }
        }
        double r = Math.sqrt(variance(m)) / Math.sqrt(v / m.size());
        archRatio.computeIfAbsent(arch, k -> new ArrayList<>()).add(r);
        archRatios
            .append(archRatios.length() == 0 ? "" : " / ")
            .append(String.format(Locale.ROOT, "%.2f", r));
      }
      Relatedness.Prediction p = table.predict("csn", positives.get(fold.getKey()), SOURCES);
      String predicted = p.best().orElse(null);
      StringBuilder archAgree = new StringBuilder();
      if (predicted != null) {
        predictions.add(predicted);
        predictedFolds++;
        if (predicted.equals(sourceOf.get(best))) {
          agree++;
        }
        for (String arch : ARCHS) {
          String bestOfArch =
              means.entrySet().stream()
                  .filter(e -> e.getKey().startsWith(arch + "-"))
                  .max(Map.Entry.comparingByValue())
                  .orElseThrow()
                  .getKey();
          boolean ok = predicted.equals(sourceOf.get(bestOfArch));
          int[] n = perArch.computeIfAbsent(arch, k -> new int[2]);
          n[0] += ok ? 1 : 0;
          n[1]++;
          archAgree.append(ok ? "y" : "n");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-5s %-28s %7.4f %8.4f %6.2f  %-12s %-28s %s%n",
          fold.getKey(),
          foldLabels.get(fold.getKey()),
          spread,
          seedSd,
          ratio,
          predicted == null ? "(tie)" : predicted,
          best + String.format(Locale.ROOT, " %.3f", means.get(best)),
          predicted == null
              ? "-"
              : (predicted.equals(sourceOf.get(best)) ? "yes" : "no") + " (" + archAgree + ")");
      System.out.printf(
          Locale.ROOT,
          "      within-architecture ratio (%s) %s; relatedness %s; seed-mean F1 %s%n",
          String.join(" / ", ARCHS),
          archRatios,
          p.ranking().stream()
              .map(s -> s.source() + String.format(Locale.ROOT, " %.3f", s.score()))
              .toList(),
          format(means));
    }
    double medianRatio = median(ratios);
    double pooled = Math.sqrt(pooledAll / pooledN);
    double top1 = predictedFolds == 0 ? Double.NaN : (double) agree / predictedFolds;
    System.out.printf(
        Locale.ROOT,
        "median ratio spread / seed SD %.2f (%s, >= 2); median spread %.4f vs 2 x pooled seed SD %.4f (%s)%n",
        medianRatio,
        medianRatio >= 2 ? "PASS" : "FAIL",
        median(spreads),
        2 * pooled,
        median(spreads) >= 2 * pooled ? "PASS" : "FAIL");
    System.out.printf(
        Locale.ROOT,
        "top-1 agreement (best checkpoint's source = predicted source) %d/%d = %.2f (%s, > 1/2; chance 1/3)%n",
        agree,
        predictedFolds,
        top1,
        top1 > 0.5 ? "PASS" : "FAIL");
    String common =
        predictions.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    x -> x, TreeMap::new, java.util.stream.Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse("-");
    long constant = bestSources.stream().filter(common::equals).count();
    System.out.printf(
        Locale.ROOT,
        "  baseline: always guessing the most often predicted source (%s) agrees in %d/%d folds%n",
        common,
        constant,
        bestSources.size());
    for (Map.Entry<String, List<Double>> e : archRatio.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "  within %s: median ratio (SD over its 3 sources / its seed SD) %.2f%n",
          e.getKey(),
          median(e.getValue()));
    }
    for (Map.Entry<String, int[]> e : perArch.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "  within %s: predicted source is its best checkpoint in %d/%d folds%n",
          e.getKey(),
          e.getValue()[0],
          e.getValue()[1]);
    }
    System.out.printf(
        Locale.ROOT,
        "time: simulate %.1f s, folds %.1f s, pretrain %.1f s, fine-tune %d tasks %.1f s; total %.1f s wall, %.1f CPU-s; load average %s%n",
        tSim,
        tFolds - tSim,
        tPre - tFolds,
        tuned.trained().size(),
        tFt - tPre,
        tFt,
        cpu,
        LoadAverage.now());
  }

  private static String format(Map<String, Double> means) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Double> e : means.entrySet()) {
      parts.add(e.getKey() + String.format(Locale.ROOT, " %.3f", e.getValue()));
    }
    return String.join(", ", parts);
  }

  private static int arg(String[] args, int i, int def) {
    return args.length > i ? Integer.parseInt(args[i]) : def;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double mean(List<Double> v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.size();
  }

  private static double variance(List<Double> v) {
    if (v.size() < 2) {
      return 0;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return s / (v.size() - 1);
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(Double::compare);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static int compareIds(String a, String b) {
    boolean na = a.matches("\\d{1,18}");
    boolean nb = b.matches("\\d{1,18}");
    if (na && nb) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    return a.compareTo(b);
  }

  private static void deleteRecursively(Path p) throws java.io.IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
