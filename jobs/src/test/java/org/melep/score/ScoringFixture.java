package org.melep.score;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.melep.melep.PlainLoopMelep;
import org.melep.melep.ProbabilityCheck;
import org.melep.melep.Weighting;

/**
 * Seeded predictions, targets and folds in memory and as Spark tables, with the expected MELEP of
 * every (fold, checkpoint) from {@link PlainLoopMelep}.
 */
public final class ScoringFixture {
  public final List<String> pool = new ArrayList<>();
  public final Map<String, double[]> logitsByKey = new HashMap<>(); // checkpoint/record
  public final Map<String, List<String>> sourceLabels = new LinkedHashMap<>();
  public final Map<String, List<String>> targetLabels = new HashMap<>(); // record -> positives
  public final Map<Integer, List<String>> foldLabels = new LinkedHashMap<>();
  public final Map<Integer, List<String>> foldTrain = new LinkedHashMap<>();
  public final Map<Integer, List<String>> foldTest = new LinkedHashMap<>();
  public final int records;

  public ScoringFixture(long seed, int records, int checkpoints, int folds, int foldSize) {
    this.records = records;
    Random r = new Random(seed);
    for (int l = 0; l < 8; l++) {
      pool.add("T" + l);
    }
    for (int i = 0; i < records; i++) {
      List<String> pos = new ArrayList<>();
      for (int l = 0; l < pool.size(); l++) {
        if (r.nextDouble() < 0.15 + 0.05 * l) {
          pos.add(pool.get(l));
        }
      }
      targetLabels.put(id(i), pos);
    }
    for (int c = 0; c < checkpoints; c++) {
      int z = 3 + c % 4;
      List<String> src = new ArrayList<>();
      for (int j = 0; j < z; j++) {
        src.add("S" + c + "_" + j);
      }
      String ck = "ckpt" + c;
      sourceLabels.put(ck, src);
      for (int i = 0; i < records; i++) {
        double[] logits = new double[z];
        for (int j = 0; j < z; j++) {
          boolean linked = targetLabels.get(id(i)).contains(pool.get((j + c) % pool.size()));
          logits[j] = r.nextGaussian() * 1.5 + (linked ? 1.0 + 0.3 * c : -0.5);
        }
        logitsByKey.put(ck + "/" + id(i), logits);
      }
    }
    for (int f = 0; f < folds; f++) {
      int n = 2 + r.nextInt(4);
      List<String> shuffled = new ArrayList<>(pool);
      java.util.Collections.shuffle(shuffled, r);
      foldLabels.put(f, List.copyOf(shuffled.subList(0, n)));
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < records; i++) {
        ids.add(id(i));
      }
      java.util.Collections.shuffle(ids, r);
      int train = (int) Math.round(foldSize * 0.7);
      foldTrain.put(f, List.copyOf(ids.subList(0, train)));
      foldTest.put(f, List.copyOf(ids.subList(train, foldSize)));
    }
  }

  public static String id(int i) {
    return String.format("rec%05d", i);
  }

  public double expected(int fold, String checkpoint, Weighting w) {
    List<String> ids = foldTrain.get(fold);
    List<String> labels = foldLabels.get(fold);
    double[][] theta = new double[ids.size()][];
    boolean[][] t = new boolean[ids.size()][labels.size()];
    for (int i = 0; i < ids.size(); i++) {
      double[] logits = logitsByKey.get(checkpoint + "/" + ids.get(i));
      theta[i] = new double[logits.length];
      for (int j = 0; j < logits.length; j++) {
        theta[i][j] = ProbabilityCheck.sigmoid(logits[j]);
      }
      for (int y = 0; y < labels.size(); y++) {
        t[i][y] = targetLabels.get(ids.get(i)).contains(labels.get(y));
      }
    }
    return PlainLoopMelep.melep(theta, t, w);
  }

  public static final StructType PREDICTIONS =
      new StructType()
          .add("record_id", DataTypes.StringType)
          .add("checkpoint", DataTypes.StringType)
          .add("logits", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("source_labels", DataTypes.createArrayType(DataTypes.StringType));

  public Dataset<Row> predictions(SparkSession spark, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, double[]> e : logitsByKey.entrySet()) {
      String[] parts = e.getKey().split("/");
      Double[] boxed = new Double[e.getValue().length];
      for (int j = 0; j < boxed.length; j++) {
        boxed[j] = e.getValue()[j];
      }
      rows.add(
          RowFactory.create(
              parts[1], parts[0], boxed, sourceLabels.get(parts[0]).toArray(new String[0])));
    }
    return spark.createDataFrame(rows, PREDICTIONS).repartition(partitions);
  }

  public Dataset<Row> targets(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    targetLabels.forEach((id, pos) -> rows.add(RowFactory.create(id, pos.toArray(new String[0]))));
    StructType schema =
        new StructType()
            .add("record_id", DataTypes.StringType)
            .add("labels", DataTypes.createArrayType(DataTypes.StringType));
    return spark.createDataFrame(rows, schema);
  }

  public Dataset<Row> folds(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (int f : foldLabels.keySet()) {
      String[] labels = foldLabels.get(f).toArray(new String[0]);
      for (String id : foldTrain.get(f)) {
        rows.add(RowFactory.create(f, labels.length, labels, id, "train"));
      }
      for (String id : foldTest.get(f)) {
        rows.add(RowFactory.create(f, labels.length, labels, id, "test"));
      }
    }
    StructType schema =
        new StructType()
            .add("fold_id", DataTypes.IntegerType)
            .add("n_labels", DataTypes.IntegerType)
            .add("labels", DataTypes.createArrayType(DataTypes.StringType))
            .add("record_id", DataTypes.StringType)
            .add("split", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }
}
