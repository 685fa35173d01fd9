package org.melep.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

/**
 * A feature metric's value kept with a caveat ({@code rank-deficient: ...}, {@code
 * constant-features: ...}, as {@code melep score --metric} writes them for collinear or dead
 * features) reads as {@code ok} for the report, which keeps only ok rows (every table, the join and
 * {@code excluded.csv} filter on it); a status without a value is kept as it is, and left out.
 */
class TestReportNotedScores extends SparkTestBase {

  @Test
  void valuesKeptWithACaveatReadAsOkAndOtherStatusesAsTheyAre() {
    StructType schema =
        new StructType()
            .add("fold_id", DataTypes.StringType)
            .add("checkpoint", DataTypes.StringType)
            .add("metric", DataTypes.StringType)
            .add("weighting", DataTypes.StringType)
            .add("value", DataTypes.DoubleType)
            .add("status", DataTypes.StringType);
    List<Row> rows =
        List.of(
            RowFactory.create("0", "a", "melep", "code", 0.5, "ok"),
            RowFactory.create(
                "0", "a", "logme", "uniform", -0.3, "rank-deficient: F^T F has rank 3 of 5"),
            RowFactory.create(
                "0", "a", "hscore", "uniform", 0.8, "rank-deficient: cov(f) has rank 3 of 5"),
            RowFactory.create(
                "0",
                "a",
                "gbc",
                "uniform",
                -0.4,
                "constant-features: 2 (label, feature) pairs with a constant class"),
            RowFactory.create(
                "0", "a", "hscore-lw", "uniform", null, "degenerate: label A has no positives"),
            RowFactory.create(
                "0",
                "a",
                "nce",
                "code",
                null,
                "incomplete: 3 of 10 fold records have no prediction"),
            // a status merely containing a note's word is not a note
            RowFactory.create("1", "a", "logme", "uniform", null, "failed: rank-deficient: x"));
    Dataset<Row> raw = spark.createDataFrame(rows, schema);
    Map<String, String> status = new TreeMap<>();
    for (Row r : ReportInputs.scores(raw, "scores").collectAsList()) {
      status.put(r.getAs("fold_id") + "/" + r.getAs("metric"), r.getAs("status"));
    }
    assertThat(status)
        .containsEntry("0/melep", "ok")
        .containsEntry("0/logme", "ok")
        .containsEntry("0/hscore", "ok")
        .containsEntry("0/gbc", "ok")
        .containsEntry("0/hscore-lw", "degenerate: label A has no positives")
        .containsEntry("0/nce", "incomplete: 3 of 10 fold records have no prediction")
        .containsEntry("1/logme", "failed: rank-deficient: x");
  }
}
