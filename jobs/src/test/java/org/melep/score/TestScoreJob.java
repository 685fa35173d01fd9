package org.melep.score;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.melep.melep.MelepCalculator;
import org.melep.melep.PlainLoopMelep;
import org.melep.melep.Weighting;
import org.melep.spark.SparkTestBase;

class TestScoreJob extends SparkTestBase {

  private static void assertRelativelyClose(double actual, double expected) {
    assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(1e-12 * Math.abs(expected));
  }

  @Test
  void scoresEveryFoldAndCheckpointLikeThePlainLoop() {
    ScoringFixture fx = new ScoringFixture(1, 120, 3, 4, 100);
    ScoreResult r =
        ScoreJob.on(spark)
            .predictions(fx.predictions(spark, 3))
            .targets(fx.targets(spark))
            .folds(fx.folds(spark))
            .weightings(List.of(Weighting.CODE, Weighting.PAPER, Weighting.UNIFORM))
            .execute();
    List<Row> rows = r.scores().collectAsList();
    assertThat(rows).hasSize(4 * 3 * 3);
    for (Row row : rows) {
      assertThat(row.<String>getAs("status")).isEqualTo("ok");
      int fold = Integer.parseInt(row.getAs("fold_id"));
      Weighting w = Weighting.parse(row.getAs("weighting"));
      assertRelativelyClose(
          row.<Double>getAs("melep"), fx.expected(fold, row.getAs("checkpoint"), w));
      assertThat(row.<Long>getAs("n")).isEqualTo(70L);
      assertThat(row.<Long>getAs("n_missing_predictions")).isZero();
      assertThat(row.getList(row.fieldIndex("labels")))
          .containsExactlyElementsOf(fx.foldLabels.get(fold));
    }
    assertThat(r.summary().groupsOk()).isEqualTo(12);
    assertThat(r.summary().predictionRecordsWithoutTargets()).isZero();
    assertThat(r.summary().secondsPerStage()).containsKeys("pass 1 (joint counts)", "pass 2 (phi)");
  }

  @Test
  void withoutFoldsTheWholeTargetTableIsOneFold() {
    ScoringFixture fx = new ScoringFixture(2, 60, 1, 1, 60);
    ScoreResult r =
        ScoreJob.on(spark)
            .predictions(fx.predictions(spark, 2))
            .targets(fx.targets(spark))
            .execute();
    Row row = r.scores().collectAsList().get(0);
    assertThat(row.<String>getAs("fold_id")).isEqualTo("all");
    assertThat(row.<Long>getAs("n")).isEqualTo(60L);
    assertThat(row.getList(row.fieldIndex("labels"))).containsExactlyElementsOf(fx.pool);
  }

  @Test
  void acceptsOneZeroOneColumnPerLabelAndProbabilities() {
    StructType preds =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("checkpoint", DataTypes.StringType)
            .add("probs", DataTypes.createArrayType(DataTypes.DoubleType));
    double[][] theta = {{0.9, 0.2}, {0.1, 0.3}, {0.8, 0.7}, {0.3, 0.1}};
    boolean[][] t = {{true, false}, {false, true}, {true, true}, {false, false}};
    List<Row> p = new java.util.ArrayList<>();
    List<Row> tg = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      p.add(RowFactory.create("r" + i, "c", new Double[] {theta[i][0], theta[i][1]}));
      tg.add(RowFactory.create("r" + i, t[i][0] ? 1 : 0, t[i][1] ? 1 : 0));
    }
    StructType targets =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("AF", DataTypes.IntegerType)
            .add("SB", DataTypes.IntegerType);
    ScoreResult r =
        ScoreJob.on(spark)
            .predictions(spark.createDataFrame(p, preds))
            .sourceLabels(Map.of("c", List.of("x", "y")))
            .targets(spark.createDataFrame(tg, targets))
            .execute();
    Row row = r.scores().collectAsList().get(0);
    assertThat(row.getList(row.fieldIndex("labels"))).containsExactly("AF", "SB");
    assertRelativelyClose(row.getAs("melep"), PlainLoopMelep.melep(theta, t, Weighting.CODE));
  }

  @Test
  void missingPredictionsAndTargetsAreCountedAndMarkTheGroupIncomplete() {
    ScoringFixture fx = new ScoringFixture(3, 80, 2, 2, 80);
    Dataset<Row> predictions =
        fx.predictions(spark, 2).filter(col("record_id").notEqual(ScoringFixture.id(5)));
    Dataset<Row> targets =
        fx.targets(spark).filter(col("record_id").notEqual(ScoringFixture.id(7)));
    ScoreResult strict =
        ScoreJob.on(spark)
            .predictions(predictions)
            .targets(targets)
            .folds(fx.folds(spark))
            .execute();
    boolean fold0Has5 = fx.foldTrain.get(0).contains(ScoringFixture.id(5));
    for (Row row : strict.scores().collectAsList()) {
      long missingPredictions = row.getAs("n_missing_predictions");
      long missingTargets = row.getAs("n_missing_targets");
      if (missingPredictions > 0 || missingTargets > 0) {
        assertThat(row.<String>getAs("status")).startsWith("incomplete: ");
        assertThat(row.<Double>getAs("melep")).isNull();
      }
      if (row.<String>getAs("fold_id").equals("0")) {
        assertThat(missingPredictions).isEqualTo(fold0Has5 ? 1 : 0);
      }
    }
    assertThat(strict.summary().predictionRecordsWithoutTargets()).isEqualTo(1);
    boolean anyFoldHas5 = fold0Has5 || fx.foldTrain.get(1).contains(ScoringFixture.id(5));
    assertThat(strict.summary().foldRecordsWithoutPredictions()).isEqualTo(anyFoldHas5 ? 1 : 0);
    ScoreResult lenient =
        ScoreJob.on(spark)
            .predictions(predictions)
            .targets(targets)
            .folds(fx.folds(spark))
            .allowMissing(true)
            .execute();
    assertThat(lenient.scores().filter(col("status").equalTo("ok")).count()).isEqualTo(4);
  }

  @Test
  void aFoldLabelWithoutPositivesIsDegenerateAndNamed() {
    ScoringFixture fx = new ScoringFixture(4, 40, 1, 1, 40);
    StructType schema =
        new StructType()
            .add("fold_id", DataTypes.IntegerType)
            .add("labels", DataTypes.createArrayType(DataTypes.StringType))
            .add("record_id", DataTypes.StringType)
            .add("split", DataTypes.StringType);
    List<Row> folds = new java.util.ArrayList<>();
    for (String id : fx.foldTrain.get(0)) {
      folds.add(RowFactory.create(9, new String[] {"T1", "NOPE"}, id, "train"));
    }
    ScoreResult r =
        ScoreJob.on(spark)
            .predictions(fx.predictions(spark, 1))
            .targets(fx.targets(spark))
            .folds(spark.createDataFrame(folds, schema))
            .execute();
    Row row = r.scores().collectAsList().get(0);
    assertThat(row.<String>getAs("status")).isEqualTo("degenerate: no positives for label 'NOPE'");
    assertThat(row.<Double>getAs("melep")).isNull();
    assertThat(r.summary().groupsDegenerate()).isEqualTo(1);
  }

  @Test
  void aNaNProbabilityFailsNamingCheckpointAndRecord() {
    StructType preds =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("checkpoint", DataTypes.StringType)
            .add("probs", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("source_labels", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> p =
        List.of(
            RowFactory.create("r1", "resnet", new Double[] {0.5}, new String[] {"AF"}),
            RowFactory.create("r2", "resnet", new Double[] {Double.NaN}, new String[] {"AF"}));
    StructType targets =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("labels", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> t =
        List.of(
            RowFactory.create("r1", new String[] {"AF"}), RowFactory.create("r2", new String[] {}));
    assertThatThrownBy(
            () ->
                ScoreJob.on(spark)
                    .predictions(spark.createDataFrame(p, preds))
                    .targets(spark.createDataFrame(t, targets))
                    .execute())
        .hasStackTraceContaining(
            "Cannot use predictions of checkpoint resnet, record r2: probability #0 is NaN (must be a number in [0, 1])");
  }

  @Test
  void aPredictionsErrorIsReportedBeforeATargetsErrorFoundConcurrently() {
    ScoringFixture fx = new ScoringFixture(6, 20, 1, 1, 20);
    Dataset<Row> p = fx.predictions(spark, 1);
    // found by the prediction row check (a Spark job), long after the targets' schema error
    Dataset<Row> nullCheckpoint =
        p.union(
            p.limit(1)
                .withColumn("checkpoint", org.apache.spark.sql.functions.lit(null).cast("string"))
                .select(
                    p.columns()[0],
                    java.util.Arrays.copyOfRange(p.columns(), 1, p.columns().length)));
    Dataset<Row> noRecordId = fx.targets(spark).withColumnRenamed("record_id", "id");
    for (int run = 0; run < 3; run++) {
      assertThatThrownBy(
              () ->
                  ScoreJob.on(spark)
                      .predictions(nullCheckpoint)
                      .targets(noRecordId)
                      .folds(fx.folds(spark))
                      .execute())
          .hasMessageStartingWith("Cannot use a prediction row without checkpoint");
    }
    // with good predictions the targets' own error comes through, unwrapped
    assertThatThrownBy(
            () ->
                ScoreJob.on(spark)
                    .predictions(fx.predictions(spark, 1))
                    .targets(noRecordId)
                    .folds(fx.folds(spark))
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record_id");
  }

  @Test
  void duplicatePredictionsFailTheCheckpoint() {
    ScoringFixture fx = new ScoringFixture(5, 20, 1, 1, 20);
    Dataset<Row> p = fx.predictions(spark, 1);
    assertThatThrownBy(
            () ->
                ScoreJob.on(spark)
                    .predictions(p.union(p.limit(1)))
                    .targets(fx.targets(spark))
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot score: every checkpoint failed: ckpt0 (1 record has more than one prediction, e.g. record rec");
  }

  @Test
  void readsJsonAndCsvTables() throws Exception {
    java.nio.file.Path dir =
        java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "score-io");
    java.nio.file.Files.writeString(
        dir.resolve("p.json"),
        "{\"record_id\":\"a\",\"checkpoint\":\"c\",\"logits\":[0.5,-1],\"source_labels\":[\"x\",\"y\"]}\n"
            + "{\"record_id\":\"b\",\"checkpoint\":\"c\",\"logits\":[-2,3],\"source_labels\":[\"x\",\"y\"]}\n"
            + "{\"record_id\":\"c\",\"checkpoint\":\"c\",\"logits\":[1,1],\"source_labels\":[\"x\",\"y\"]}\n");
    java.nio.file.Files.writeString(dir.resolve("t.csv"), "record_id,labels\na,AF|SB\nb,SB\nc,\n");
    Dataset<Row> p = TableReader.read(spark, dir.resolve("p.json").toString(), "json");
    Dataset<Row> t = TableReader.read(spark, dir.resolve("t.csv").toString(), "csv");
    Row row =
        ScoreJob.on(spark).predictions(p).targets(t).execute().scores().collectAsList().get(0);
    double[][] theta = new double[3][2];
    double[][] logits = {{0.5, -1}, {-2, 3}, {1, 1}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        theta[i][j] = org.melep.melep.ProbabilityCheck.sigmoid(logits[i][j]);
      }
    }
    boolean[][] targets = {{true, true}, {false, true}, {false, false}};
    assertThat(row.getList(row.fieldIndex("labels"))).containsExactly("AF", "SB");
    assertRelativelyClose(
        row.getAs("melep"),
        MelepCalculator.compute(List.of("AF", "SB"), theta, targets, Weighting.CODE).melep());
  }
}
