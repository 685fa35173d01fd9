package org.melep.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;

class TestSideJob extends SparkTestBase {

  @Test
  void joinGivesTheResultOfJobsRunOnAnotherThreadUnderTheirOwnGroup() throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<String> groups = new CopyOnWriteArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            String g = start.properties().getProperty("spark.jobGroup.id");
            groups.add(g == null ? "none" : g);
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      jsc.setJobDescription("caller");
      SideJob<Long> side =
          SideJob.start(spark, "count", () -> jsc.parallelize(List.of(1, 2, 3), 2).count());
      assertThat(side.join()).isEqualTo(3L);
      assertThat(side.completed()).contains(3L);
      long caller = jsc.parallelize(List.of(1, 2), 2).count();
      assertThat(caller).isEqualTo(2L);
      spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      assertThat(groups).hasSize(2);
      assertThat(groups.get(0)).startsWith("melep-side-");
      assertThat(groups.get(1)).isEqualTo("none"); // the caller's thread keeps no group of it
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      jsc.setJobDescription(null);
    }
  }

  @Test
  void joinThrowsTheWorksOwnException() {
    SideJob<Object> side =
        SideJob.start(
            spark,
            "fails",
            () -> {
              throw new IllegalArgumentException("Cannot read the folds table: bad split x");
            });
    assertThatThrownBy(side::join)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read the folds table: bad split x");
    assertThat(side.completed()).isEmpty();
  }

  @Test
  void cancelStopsItsRunningJobPromptly() throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CountDownLatch running = new CountDownLatch(1);
    spark
        .sparkContext()
        .addSparkListener(
            new SparkListener() {
              @Override
              public void onJobStart(SparkListenerJobStart start) {
                running.countDown();
              }
            });
    SideJob<Long> side =
        SideJob.start(
            spark,
            "slow",
            () ->
                jsc.parallelize(List.of(1, 2), 2)
                    .map(
                        i -> {
                          Thread.sleep(60_000);
                          return i;
                        })
                    .count());
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    side.cancel();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30.0);
    assertThat(side.completed()).isEmpty();
    // the executors are free again
    assertThat(jsc.parallelize(List.of(1, 2, 3), 2).count()).isEqualTo(3L);
  }
}
