package org.melep.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * The scorer checks prediction rows on Spark's internal rows ({@link PredictionsInput.CheckRows}):
 * on random rows (null ids, null elements, NaN, out-of-range values, wrong counts, both or neither
 * of logits and probs, unknown checkpoints) each row gets exactly the problem that {@link
 * PredictionsInput#problem(Row, Map)} gives the same row as a {@code Row}, and a good probs row
 * keeps its values.
 */
class TestPredictionChecks extends SparkTestBase {
  private static final StructType RAW =
      new StructType()
          .add("record_id", DataTypes.StringType)
          .add("checkpoint", DataTypes.StringType)
          .add("logits", DataTypes.createArrayType(DataTypes.DoubleType))
          .add("probs", DataTypes.createArrayType(DataTypes.DoubleType));

  private static Double[] values(SplittableRandom r, int n, boolean probs) {
    Double[] v = new Double[n];
    for (int j = 0; j < n; j++) {
      int kind = r.nextInt(40);
      v[j] =
          kind == 0
              ? null
              : kind == 1
                  ? Double.NaN
                  : kind == 2
                      ? (probs ? 1.5 : Double.POSITIVE_INFINITY)
                      : probs ? r.nextDouble() : 3 * r.nextGaussian();
    }
    return v;
  }

  @Test
  void internalRowChecksGiveTheRowChecksProblems() {
    SplittableRandom r = new SplittableRandom(20261202L);
    Map<String, Integer> z = Map.of("a", 3, "b", 5);
    Map<String, List<String>> side =
        Map.of("a", List.of("x", "y", "w"), "b", List.of("1", "2", "3", "4", "5"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      int c = r.nextInt(20);
      String ck = c == 0 ? null : c == 1 ? "unknown" : c % 2 == 0 ? "a" : "b";
      int n =
          z.getOrDefault(ck == null ? "a" : ck, 3) + (r.nextInt(10) == 0 ? r.nextInt(3) - 1 : 0);
      boolean probs = r.nextBoolean();
      Double[] v = values(r, n, probs);
      int both = r.nextInt(40);
      Double[] logits = both == 0 || !probs ? v : null;
      Double[] ps = both == 0 || probs ? v : null;
      if (both == 1) {
        logits = null;
        ps = null;
      }
      rows.add(RowFactory.create("r" + i, ck, logits, ps));
    }
    Dataset<Row> raw = spark.createDataFrame(rows, RAW).repartition(3);
    Map<String, CheckedPrediction> checked = new HashMap<>();
    for (CheckedPrediction p : PredictionsInput.of(raw, side).checked().collectAsList()) {
      checked.put(p.getRecordId(), p);
    }
    assertThat(checked).hasSize(rows.size());
    int good = 0;
    for (Row row : rows) {
      Row asRow =
          RowFactory.create(
              row.getString(1),
              row.getString(0),
              row.isNullAt(2) ? null : scala.Predef.wrapRefArray((Object[]) row.get(2)),
              row.isNullAt(3) ? null : scala.Predef.wrapRefArray((Object[]) row.get(3)));
      String expected = PredictionsInput.problem(asRow, z);
      CheckedPrediction p = checked.get(row.getString(0));
      assertThat(p.getProblem()).as("row %s", row.getString(0)).isEqualTo(expected);
      assertThat(p.getCheckpoint()).isEqualTo(row.getString(1));
      if (expected == null) {
        good++;
        assertThat(p.getTheta()).hasSize(z.get(row.getString(1)));
        if (row.isNullAt(2)) {
          Double[] v = (Double[]) row.get(3);
          for (int j = 0; j < v.length; j++) {
            assertThat(p.getTheta()[j]).isEqualTo(v[j]);
          }
        }
      } else {
        assertThat(p.getTheta()).isNull();
      }
    }
    assertThat(good).isBetween(200, 1800);
  }
}
