package org.melep.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.melep.fold.FoldsJob;
import org.melep.inference.PredictJob;
import org.melep.labels.LabelSets;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;
import org.melep.pipeline.PipelineResult;
import org.melep.pipeline.ScorePipeline;
import org.melep.score.ScoreJob;
import org.melep.simulate.SimulateJob;
import org.melep.train.DemoZoo;
import org.melep.zoo.ModelFormat;
import org.melep.zoo.ZooManifest;

/**
 * The main job end to end, as run nightly: 100 folds x 6 checkpoints over a 20,000-record simulated
 * corpus on local[2], with time per stage; then the naive way (inference per fold, the fold's
 * records through every checkpoint, then MELEP) on a few folds, extrapolated, for the ratio. Setup
 * (simulating the corpus, drawing folds, writing the zoo) is not timed.
 *
 * <pre>scripts/benchmark Pipeline [records folds naiveFolds]   (default 20000 100 5)</pre>
 */
public final class PipelineBenchmark {
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int folds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int naiveFolds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Path root = Path.of("target", "bench-pipeline");
    Files.createDirectories(root);
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("melep-pipeline-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    var conf = spark.sparkContext().hadoopConfiguration();

    String corpusPath = root.resolve("corpus-" + records).toString();
    if (!Files.exists(Path.of(corpusPath))) {
      new SimulateJob(spark).records(records).seed(1).out(corpusPath).execute();
    }
    String foldsPath = root.resolve("folds-" + records + "-" + folds).toString();
    if (!Files.exists(Path.of(foldsPath))) {
      new FoldsJob(spark)
          .corpus(corpusPath)
          .out(foldsPath)
          .folds(folds)
          .seed(1)
          .allowSmaller(true)
          .execute();
    }
    int cpsc = LabelSets.defaults().labelSet("cpsc").labels().size();
    int georgia = LabelSets.defaults().labelSet("georgia").labels().size();
    int ptbxl = LabelSets.defaults().labelSet("ptbxl").labels().size();
    List<DemoZoo.Entry> entries =
        List.of(
            new DemoZoo.Entry(
                "resnet1d-cpsc", "cpsc", ResNet1dArchitecture.small(cpsc), ModelFormat.ONNX, false),
            new DemoZoo.Entry(
                "resnet1d-georgia",
                "georgia",
                ResNet1dArchitecture.small(georgia),
                ModelFormat.ONNX,
                false),
            new DemoZoo.Entry(
                "resnet1d-ptbxl",
                "ptbxl",
                ResNet1dArchitecture.small(ptbxl),
                ModelFormat.ONNX,
                false),
            new DemoZoo.Entry(
                "bilstm-cpsc", "cpsc", BiLstmArchitecture.small(cpsc), ModelFormat.ONNX, true),
            new DemoZoo.Entry(
                "bilstm-georgia",
                "georgia",
                BiLstmArchitecture.small(georgia),
                ModelFormat.ONNX,
                true),
            new DemoZoo.Entry(
                "resnet1d-ptbxl-djl",
                "ptbxl",
                ResNet1dArchitecture.small(ptbxl),
                ModelFormat.DJL,
                false));
    ZooManifest zoo = DemoZoo.write(root.resolve("zoo").toString(), 1, entries, conf);
    Dataset<Row> corpus = spark.read().parquet(corpusPath);
    Dataset<Row> foldTable = spark.read().parquet(foldsPath);
    long foldRows = foldTable.filter(col("split").equalTo("train")).count();
    long distinct =
        foldTable.filter(col("split").equalTo("train")).select("record_id").distinct().count();
    System.out.printf(
        Locale.ROOT,
        "Pipeline benchmark: %d records, %d folds (%d train fold rows, %d distinct records), %d checkpoints, local[2]%n",
        records,
        folds,
        foldRows,
        distinct,
        zoo.checkpoints().size());

    String predictions = root.resolve("predictions-" + System.nanoTime()).toString();
    long start = System.nanoTime();
    PipelineResult r =
        ScorePipeline.on(spark)
            .corpus(corpus)
            .zoo(zoo)
            .predictionsTable(predictions)
            .folds(foldTable)
            .execute();
    long groups = r.scores().count();
    double once = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "once per (checkpoint, record): %.1f s for %d groups; %d predictions inferred%n",
        once,
        groups,
        r.summary().inferred().values().stream().mapToLong(Long::longValue).sum());
    r.summary()
        .secondsPerStage()
        .forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-34s %7.1f s%n", k, v));
    r.summary()
        .score()
        .secondsPerStage()
        .forEach((k, v) -> System.out.printf(Locale.ROOT, "      scoring: %-25s %7.1f s%n", k, v));

    // the naive way: every fold infers its own records, then scores
    List<Row> foldIds =
        foldTable.select("fold_id").distinct().orderBy("fold_id").limit(naiveFolds).collectAsList();
    long naiveStart = System.nanoTime();
    long naiveInferred = 0;
    for (Row f : foldIds) {
      Dataset<Row> one = foldTable.filter(col("fold_id").equalTo(f.get(0)));
      String table = root.resolve("naive-" + System.nanoTime()).toString();
      var p =
          PredictJob.on(spark)
              .corpus(corpus)
              .zoo(zoo)
              .output(table)
              .recordIds(one.filter(col("split").equalTo("train")))
              .execute();
      naiveInferred += p.inferredTotal();
      ScoreJob.on(spark)
          .predictions(p.predictions(spark))
          .targets(corpus.select(col("record_id"), col("labels_csn").as("labels")))
          .folds(one)
          .execute()
          .scores()
          .count();
    }
    double naive = (System.nanoTime() - naiveStart) / 1e9;
    double naiveAll = naive * folds / foldIds.size();
    System.out.printf(
        Locale.ROOT,
        "naive (infer per fold): %.1f s for %d folds (%d predictions) -> %.1f s extrapolated to %d folds%n",
        naive,
        foldIds.size(),
        naiveInferred,
        naiveAll,
        folds);
    System.out.printf(
        Locale.ROOT,
        "ratio naive / once: %.1fx (inference work ratio %.1fx: %d fold rows vs %d distinct records)%n",
        naiveAll / once,
        (double) foldRows / distinct,
        foldRows,
        distinct);
    spark.stop();
  }
}
