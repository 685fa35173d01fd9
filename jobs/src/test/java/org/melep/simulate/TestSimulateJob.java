package org.melep.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.melep.corpus.CorpusSchema;
import org.melep.labels.LabelSets;
import org.melep.spark.SparkTestBase;

class TestSimulateJob extends SparkTestBase {

  private static SimulateJob.Result simulate(String out, int records, int partitions) {
    return new SimulateJob(spark)
        .records(records)
        .seed(3)
        .partitions(partitions)
        .out(out)
        .execute();
  }

  private static void simulateCsn(String out, int records, int partitions) {
    new SimulateJob(spark)
        .config(SimulationConfig.embedded().withDatasets("sim_csn"))
        .records(records)
        .seed(3)
        .partitions(partitions)
        .out(out)
        .execute();
  }

  @Test
  void writesTheCanonicalCorpusPartitionedByDataset(@TempDir Path dir) {
    String out = dir.resolve("corpus").toString();
    SimulateJob.Result r = simulate(out, 80, 3);
    assertThat(r.records()).isEqualTo(80);
    assertThat(r.perDataset().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(80);
    assertThat(r.bytesPerRecord()).isBetween(10_000.0, 30_000.0);
    for (String name : r.perDataset().keySet()) {
      if (r.perDataset().get(name) > 0) {
        assertThat(new File(out, "dataset=" + name)).isDirectory();
      }
    }
    Dataset<Row> df = spark.read().parquet(out);
    assertThat(df.count()).isEqualTo(80);
    for (StructField f : CorpusSchema.SCHEMA.fields()) {
      StructField read = df.schema().apply(f.name());
      assertThat(read.dataType()).as(f.name()).isEqualTo(f.dataType().asNullable());
    }
    List<Row> rows = df.orderBy(CorpusSchema.RECORD_ID).collectAsList();
    RecordGenerator gen = new RecordGenerator(SimulationConfig.embedded(), LabelSets.defaults(), 3);
    Row first = rows.get(0);
    long index =
        Long.parseLong(first.<String>getAs(CorpusSchema.SOURCE_PATH).replaceAll(".*index=", ""));
    SimulatedRecord expected = gen.generate(index);
    assertThat(first.<String>getAs(CorpusSchema.RECORD_ID)).isEqualTo(expected.recordId());
    assertThat(first.<String>getAs(CorpusSchema.DATASET)).isEqualTo(expected.dataset());
    assertThat((byte[]) first.getAs(CorpusSchema.SIGNAL)).isEqualTo(expected.signal());
    assertThat(first.<Integer>getAs(CorpusSchema.N_SAMPLES)).isEqualTo(1000);
    assertThat(first.getList(first.fieldIndex(CorpusSchema.ADC_GAIN)))
        .hasSize(12)
        .containsOnly(1000.0);
    assertThat(first.getList(first.fieldIndex("labels_csn")))
        .isEqualTo(expected.labels().get("csn"));
    assertThat(first.getList(first.fieldIndex(CorpusSchema.CODES))).isEqualTo(expected.codes());
    // the relatedness table travels inside the corpus, hidden from Spark's readers
    assertThat(new File(out, Relatedness.FILE_NAME)).isFile();
    assertThat(Relatedness.readCorpus(out, spark.sparkContext().hadoopConfiguration()).rows())
        .isEqualTo(Relatedness.of(SimulationConfig.embedded(), LabelSets.defaults()).rows());
  }

  @Test
  void sameRecordsWhateverThePartitioningAndAtomicReplace(@TempDir Path dir) throws Exception {
    String a = dir.resolve("a").toString();
    String b = dir.resolve("b").toString();
    simulateCsn(a, 60, 1);
    simulateCsn(b, 60, 4);
    List<Row> ra = spark.read().parquet(a).orderBy(CorpusSchema.RECORD_ID).collectAsList();
    List<Row> rb = spark.read().parquet(b).orderBy(CorpusSchema.RECORD_ID).collectAsList();
    assertThat(ra).hasSize(60);
    for (int i = 0; i < ra.size(); i++) {
      assertThat(rb.get(i).<String>getAs(CorpusSchema.RECORD_ID))
          .isEqualTo(ra.get(i).<String>getAs(CorpusSchema.RECORD_ID));
      assertThat((byte[]) rb.get(i).getAs(CorpusSchema.SIGNAL))
          .isEqualTo((byte[]) ra.get(i).getAs(CorpusSchema.SIGNAL));
    }
    simulateCsn(a, 10, 2);
    assertThat(spark.read().parquet(a).count()).isEqualTo(10);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void negativeRecordCountIsRejected(@TempDir Path dir) {
    assertThatThrownBy(() -> simulate(dir.resolve("x").toString(), -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot simulate: --records must be >= 1: -1");
    assertThatThrownBy(() -> simulate(dir.resolve("x").toString(), 0, 1))
        .hasMessage("Cannot simulate: --records must be >= 1: 0");
  }
}
