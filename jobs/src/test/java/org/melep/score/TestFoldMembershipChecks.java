package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * What the scoring job checks at its boundary (a fold label listed twice, a record listed twice in
 * a fold), and that no prediction row is shuffled: every shuffle together writes far fewer bytes
 * than the predictions' probabilities.
 */
class TestFoldMembershipChecks extends SparkTestBase {
  static final StructType FOLDS =
      new StructType()
          .add("fold_id", DataTypes.IntegerType)
          .add("labels", DataTypes.createArrayType(DataTypes.StringType))
          .add("record_id", DataTypes.StringType)
          .add("split", DataTypes.StringType);
  static final StructType PREDICTIONS =
      new StructType()
          .add("record_id", DataTypes.StringType)
          .add("checkpoint", DataTypes.StringType)
          .add("probs", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("source_labels", DataTypes.createArrayType(DataTypes.StringType));
  static final StructType TARGETS =
      new StructType()
          .add("record_id", DataTypes.StringType)
          .add("labels", DataTypes.createArrayType(DataTypes.StringType));

  private Dataset<Row> predictions(int records, int z) {
    List<Row> rows = new ArrayList<>();
    String[] names = new String[z];
    for (int k = 0; k < z; k++) {
      names[k] = "S" + k;
    }
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < records; i++) {
      Double[] p = new Double[z];
      for (int k = 0; k < z; k++) {
        p[k] = r.nextDouble();
      }
      rows.add(RowFactory.create("r" + i, "ckpt", p, names));
    }
    return spark.createDataFrame(rows, PREDICTIONS);
  }

  private Dataset<Row> targets(int records) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      rows.add(
          RowFactory.create(
              "r" + i,
              i % 3 == 0
                  ? new String[] {"AF"}
                  : i % 3 == 1 ? new String[] {"SB"} : new String[] {}));
    }
    return spark.createDataFrame(rows, TARGETS);
  }

  @Test
  void aFoldListingALabelTwiceIsAnErrorNamingTheFold() {
    List<Row> folds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      folds.add(RowFactory.create(4, new String[] {"AF", "SB", "AF"}, "r" + i, "train"));
    }
    assertThatThrownBy(
            () ->
                ScoreJob.on(spark)
                    .predictions(predictions(10, 2))
                    .targets(targets(10))
                    .folds(spark.createDataFrame(folds, FOLDS))
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read the folds table: fold 4 lists label 'AF' more than once");
  }

  @Test
  void aRecordListedTwiceInAFoldIsAnError() {
    List<Row> folds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      folds.add(RowFactory.create(1, new String[] {"AF", "SB"}, "r" + i, "train"));
    }
    folds.add(RowFactory.create(1, new String[] {"AF", "SB"}, "r3", "train"));
    assertThatThrownBy(
            () ->
                ScoreJob.on(spark)
                    .predictions(predictions(10, 2))
                    .targets(targets(10))
                    .folds(spark.createDataFrame(folds, FOLDS))
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read the folds table: fold and record 1 / r3 appears 2 times");
  }

  @Test
  void noPredictionRowIsShuffled() throws Exception {
    int records = 600;
    int z = 64; // 512 bytes of probabilities per prediction row
    List<Row> folds = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      for (int i = 0; i < records; i += f == 2 ? 5 : 1 + f) {
        folds.add(RowFactory.create(f, new String[] {"AF", "SB"}, "r" + i, "train"));
      }
    }
    Dataset<Row> p = predictions(records, z).repartition(4).cache();
    p.count();
    AtomicLong shuffled = new AtomicLong();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              shuffled.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      ScoreResult r =
          ScoreJob.on(spark)
              .predictions(p)
              .targets(targets(records))
              .folds(spark.createDataFrame(folds, FOLDS))
              .execute();
      assertThat(r.summary().groupsOk()).isEqualTo(3);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      p.unpersist();
    }
    long probabilityBytes = (long) records * z * 8;
    assertThat(shuffled.get()).isPositive().isLessThan(probabilityBytes / 4);
  }
}
