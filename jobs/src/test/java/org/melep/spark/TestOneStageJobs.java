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

class TestOneStageJobs extends SparkTestBase {
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
    long[] counts = countingJobs(jobs, () -> RowCounts.of(a, null, b, empty));
    assertThat(counts).containsExactly(expected).containsExactly(1234, 0, 26, 0);
    assertThat(jobs.get()).isEqualTo(1);
    // a table behind a shuffle (adaptive execution runs it as jobs of its own) counts the same
    assertThat(RowCounts.of(b.repartition(2), a)).containsExactly(26, 1234);
    assertThat(RowCounts.of((Dataset<Row>) null)).containsExactly(0);
  }

  @Test
  void firstRowIsTheFirstMatchInPartitionOrderInOneJob() throws Exception {
    // 6 partitions of 10 ids; matches only in partitions 3 and 5: limit(1) would need 2 rounds
    Dataset<Row> t = spark.range(0, 60, 1, 6).toDF();
    Dataset<Row> matches = t.filter("id = 57 or id = 34 or id = 38");
    Row expected = matches.collectAsList().get(0); // collect keeps the partition order
    AtomicInteger jobs = new AtomicInteger();
    java.util.Optional<Row> first = countingJobs(jobs, () -> FirstRow.of(matches));
    assertThat(first).contains(expected);
    assertThat(first.get().getLong(0)).isEqualTo(34L);
    assertThat(jobs.get()).isEqualTo(1);
    assertThat(FirstRow.of(t.filter("id < 0"))).isEmpty();
  }

  /** Runs {@code work}, adding to {@code jobs} the Spark jobs it started. */
  private static <T> T countingJobs(AtomicInteger jobs, java.util.concurrent.Callable<T> work)
      throws Exception {
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      T result = work.call();
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return result;
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }
}
