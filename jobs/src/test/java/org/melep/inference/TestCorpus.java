package org.melep.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;

/** Small simulated corpora in the canonical schema for inference tests. */
final class TestCorpus {
  private TestCorpus() {}

  /** {@code n} records {@code sim/rec<i>}, 100 Hz, {@code samples} samples, random sine mixes. */
  static List<Row> rows(int n, int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[][] mv = new float[CorpusSchema.N_LEADS][samples];
      for (int k = 0; k < CorpusSchema.N_LEADS; k++) {
        double f = 0.5 + r.nextDouble() * 2;
        double a = 0.2 + r.nextDouble();
        for (int j = 0; j < samples; j++) {
          mv[k][j] = (float) (a * Math.sin(2 * Math.PI * f * j / 100.0) + 0.05 * r.nextDouble());
        }
      }
      rows.add(
          row(
              "sim/rec" + i,
              100.0,
              samples,
              EcgSignal.encode(EcgSignal.quantise(mv, EcgSignal.DEFAULT_GAIN))));
    }
    return rows;
  }

  static Row row(String id, double fs, int samples, byte[] signal) {
    List<Double> gains =
        new ArrayList<>(Collections.nCopies(CorpusSchema.N_LEADS, EcgSignal.DEFAULT_GAIN));
    return RowFactory.create(
        id,
        "sim",
        fs,
        samples,
        signal,
        gains,
        List.of("426783006"),
        List.of("NORM"),
        List.of("NORM"),
        List.of("NORM"),
        List.of("NORM"),
        50,
        "F",
        "/simulated/" + id,
        null);
  }

  static Dataset<Row> frame(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, CorpusSchema.SCHEMA);
  }

  /** Writes the rows as the canonical Parquet corpus at {@code path} and reads it back. */
  static Dataset<Row> write(SparkSession spark, List<Row> rows, String path) {
    frame(spark, rows).write().mode("overwrite").partitionBy(CorpusSchema.DATASET).parquet(path);
    return spark.read().parquet(path);
  }
}
