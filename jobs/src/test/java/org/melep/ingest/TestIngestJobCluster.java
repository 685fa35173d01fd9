package org.melep.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.melep.SharedData;
import org.melep.spark.LocalClusterSessions;

/**
 * The job on {@code local-cluster} (executor JVMs of their own, Kryo): the plan, Hadoop
 * configuration, label sets and results cross process boundaries as on a cluster. Starting executor
 * JVMs takes tens of seconds on a busy 2-core machine, so it runs on request: {@code mvn -o -q test
 * -Dtest=TestIngestJobCluster -Dmelep.clusterTests=true}.
 */
@EnabledIfSystemProperty(named = "melep.clusterTests", matches = "true")
class TestIngestJobCluster {

  @Test
  void runsWithSeparateExecutorJvmsAndKryo() throws IOException {
    Path input = Files.createDirectories(Path.of("target", "ingest-cluster-" + UUID.randomUUID()));
    for (String sub : List.of("a", "b")) {
      Files.createDirectories(input.resolve(sub));
    }
    Path shared = SharedData.resolve("cinc2021");
    for (String r : List.of("A0001", "E00001", "JS00001")) {
      Files.copy(shared.resolve(r + ".hea"), input.resolve("a/" + r + ".hea"));
      Files.copy(shared.resolve(r + ".mat"), input.resolve("a/" + r + ".mat"));
    }
    Files.copy(shared.resolve("Q0001.mat"), input.resolve("b/Q0001.mat")); // orphan
    SparkSession spark =
        LocalClusterSessions.builder("ingest-cluster", 1)
            .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
            // the worker builds the executor command from SPARK_HOME/jars only when it knows the
            // Scala version (a binary distribution sets it in load-spark-env.sh)
            .config("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
            .getOrCreate();
    try {
      String out = input.resolve("corpus").toAbsolutePath().toString();
      IngestSummary s =
          new IngestJob(spark)
              .inputs(List.of(input.toAbsolutePath().toString()))
              .output(out)
              .parallelListingFrom(1)
              .recordsPerTask(1)
              .progress(line -> {}, 0)
              .execute();
      assertThat(s.ingestedByDataset())
          .containsExactlyInAnyOrderEntriesOf(Map.of("cpsc2018", 1L, "georgia", 1L, "csn", 1L));
      assertThat(s.rejectedByKind()).containsExactlyInAnyOrderEntriesOf(Map.of("no header", 1L));
      assertThat(s.accountedFiles()).isEqualTo(7);
      assertThat(spark.read().parquet(out).where("dataset = 'csn'").count()).isEqualTo(1);
    } finally {
      spark.stop();
    }
  }
}
