package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.corpus.CorpusSchema;
import org.melep.labels.LabelSets;
import org.melep.spark.LocalClusterSessions;

/**
 * On real executor JVMs ({@code local-cluster}), the generator ships to the executors and each
 * record's bytes equal those the driver generates for the same (seed, index).
 *
 * <p>Spark's launcher needs {@code SPARK_SCALA_VERSION} (or a Spark source tree) to start
 * local-cluster executors from a {@code SPARK_HOME} without a {@code RELEASE} file ("Cannot find
 * any build directories"); without it the test is skipped.
 */
class TestSimulateJobOnCluster {
  @Test
  void executorsGenerateTheSameBytesAsTheDriver(@TempDir Path dir) {
    assumeTrue(
        System.getenv("SPARK_SCALA_VERSION") != null,
        "SPARK_SCALA_VERSION is not set: local-cluster executors cannot start");
    SparkSession spark = LocalClusterSessions.builder("melep-simulate-cluster", 1).getOrCreate();
    try {
      String out = dir.resolve("corpus").toString();
      SimulationConfig config = SimulationConfig.embedded().withDatasets("sim_csn,sim_georgia");
      new SimulateJob(spark).config(config).records(40).seed(8).partitions(3).out(out).execute();
      List<Row> rows =
          spark
              .read()
              .parquet(out)
              .select(CorpusSchema.RECORD_ID, CorpusSchema.SIGNAL, CorpusSchema.SOURCE_PATH)
              .collectAsList();
      assertThat(rows).hasSize(40);
      RecordGenerator local = new RecordGenerator(config, LabelSets.defaults(), 8);
      for (Row r : rows) {
        long index = Long.parseLong(r.getString(2).replaceAll(".*index=", ""));
        SimulatedRecord expected = local.generate(index);
        assertThat(r.getString(0)).isEqualTo(expected.recordId());
        assertThat((byte[]) r.get(1)).as(r.getString(0)).isEqualTo(expected.signal());
      }
    } finally {
      spark.stop();
    }
  }
}
