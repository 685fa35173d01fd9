package org.melep.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRowCounts extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void countsEachTableInOneJobAsDatasetCountDoes() throws Exception {
    Dataset<Row> parquet = spark.range(0, 1234, 1, 3).selectExpr("id", "cast(id as string) as s");
    parquet.write().parquet(tmp.resolve("a").toString());
    Dataset<Row> a = spark.read().parquet(tmp.resolve("a").toString());
    Dataset<Row> b = spark.range(0, 77, 1, 5).toDF().filter("id % 3 = 0");
    Dataset<Row> empty = spark.range(0, 0, 1, 2).toDF();
    long[] expected = {a.count(), 0, b.count(), empty.count()};

    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    long[] counts;
    try {
      counts = RowCounts.of(a, null, b, empty);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(counts).containsExactly(expected).containsExactly(1234, 0, 26, 0);
    assertThat(jobs.get()).isEqualTo(1);
    // a table behind a shuffle (adaptive execution runs it as jobs of its own) counts the same
    assertThat(RowCounts.of(b.repartition(2), a)).containsExactly(26, 1234);
    assertThat(RowCounts.of((Dataset<Row>) null)).containsExactly(0);
  }
}
