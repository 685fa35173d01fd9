package org.melep.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.CorpusSchema;
import org.melep.corpus.EcgSignal;
import org.melep.corpus.preprocess.Normalization;
import org.melep.corpus.preprocess.PreprocessOptions;
import org.melep.corpus.preprocess.ResampleMethod;
import org.melep.spark.SparkTestBase;

/** The whole job on local[2] over a small tree mixing good and bad records. */
class TestIngestJob extends SparkTestBase {
  private static Path root;
  private static Path challenge;
  private static Path ptbxl;

  @BeforeAll
  static void buildTree() throws IOException {
    root = Files.createDirectories(Path.of("target", "ingest-test-" + UUID.randomUUID()));
    challenge = Files.createDirectories(root.resolve("challenge"));
    Path good = Files.createDirectories(challenge.resolve("good/deeper"));
    for (String r : List.of("A0001", "HR00001", "S0001", "JS00001")) {
      copyRecord(r, good);
    }
    Path bad = Files.createDirectories(challenge.resolve("bad"));
    Path shared = SharedData.resolve("cinc2021");
    // truncated .mat
    writeRenamed(shared.resolve("A0002.hea"), "A0002", "X0001", bad);
    byte[] mat = Files.readAllBytes(shared.resolve("A0002.mat"));
    Files.write(bad.resolve("X0001.mat"), Arrays.copyOf(mat, 5000));
    // header with the wrong sample count (A0002 has 5000 samples)
    String h2 = Files.readString(shared.resolve("A0002.hea")).replace("A0002", "X0002");
    Files.writeString(bad.resolve("X0002.hea"), h2.replaceFirst(" 500 5000", " 500 7000"));
    Files.write(bad.resolve("X0002.mat"), mat);
    // missing .dat
    Files.writeString(bad.resolve("X0003.hea"), header("X0003", "X0003.dat", "16", 500, 6000, 12));
    // garbage bytes in place of the .mat
    writeRenamed(shared.resolve("A0002.hea"), "A0002", "X0004", bad);
    byte[] garbage = new byte[4000];
    new Random(7).nextBytes(garbage);
    Files.write(bad.resolve("X0004.mat"), garbage);
    // unknown format code
    Files.writeString(bad.resolve("X0005.hea"), header("X0005", "X0005.dat", "311", 500, 6000, 12));
    Files.write(bad.resolve("X0005.dat"), new byte[6000 * 12 * 2]);
    // orphan signal file, a non-record file
    Files.write(bad.resolve("X0006.mat"), mat);
    Files.writeString(bad.resolve("README.txt"), "notes");
    // too short: 2 s of zeros in format 16
    Files.writeString(bad.resolve("X0007.hea"), header("X0007", "X0007.dat", "16", 500, 1000, 12));
    Files.write(bad.resolve("X0007.dat"), new byte[1000 * 12 * 2]);
    // a lead missing
    Files.writeString(bad.resolve("X0008.hea"), header("X0008", "X0008.dat", "16", 500, 6000, 11));
    Files.write(bad.resolve("X0008.dat"), new byte[6000 * 11 * 2]);

    ptbxl = Files.createDirectories(root.resolve("ptbxl-root"));
    Path src = SharedData.resolve("ptb-xl");
    List<String> db = Files.readAllLines(src.resolve("ptbxl_database.csv"));
    List<String> rows = new ArrayList<>(db.subList(0, 4)); // header + records 1..3
    rows.add(db.get(4).replace("00004", "00404")); // a row whose files are absent
    Files.write(ptbxl.resolve("ptbxl_database.csv"), rows);
    Files.copy(src.resolve("scp_statements.csv"), ptbxl.resolve("scp_statements.csv"));
    Path r100 = Files.createDirectories(ptbxl.resolve("records100/00000"));
    for (String r : List.of("00001_lr", "00002_lr", "00003_lr", "00009_lr")) {
      for (String ext : List.of(".hea", ".dat")) {
        Files.copy(src.resolve("records100/00000/" + r + ext), r100.resolve(r + ext));
      }
    }
  }

  private static void copyRecord(String name, Path dir) throws IOException {
    Path shared = SharedData.resolve("cinc2021");
    Files.copy(shared.resolve(name + ".hea"), dir.resolve(name + ".hea"));
    Files.copy(shared.resolve(name + ".mat"), dir.resolve(name + ".mat"));
  }

  private static void writeRenamed(Path header, String from, String to, Path dir)
      throws IOException {
    Files.writeString(dir.resolve(to + ".hea"), Files.readString(header).replace(from, to));
  }

  static String header(String name, String file, String format, int fs, int n, int leads) {
    StringBuilder b = new StringBuilder(name + " " + leads + " " + fs + " " + n + "\n");
    for (int k = 0; k < leads; k++) {
      b.append(file)
          .append(' ')
          .append(format)
          .append(" 1000/mV 16 0 0 0 0 ")
          .append(CorpusSchema.LEADS.get(k))
          .append('\n');
    }
    return b.append("#Age: 40\n#Sex: M\n#Dx: 426783006\n").toString();
  }

  private IngestSummary run(String out, PreprocessOptions options) {
    List<String> progress = new ArrayList<>();
    IngestSummary s =
        new IngestJob(spark)
            .inputs(List.of(challenge.toString(), ptbxl.toString()))
            .output(out)
            .options(options)
            .maxOutputFileBytes(50_000)
            .recordsPerTask(3)
            .parallelListingFrom(1) // list the sub-folders on executors, as for a big tree
            .progress(progress::add, 0)
            .execute();
    assertThat(progress.get(0))
        .isEqualTo("ingest: 31 input files, 14 records to read, 5 rejected while listing");
    return s;
  }

  @Test
  void ingestsGoodRecordsRejectsBadOnesWithPreciseReasonsAndReplacesAtomically()
      throws IOException {
    String out = root.resolve("corpus").toString();
    IngestSummary s = run(out, PreprocessOptions.DEFAULT);

    assertThat(s.listedFiles()).isEqualTo(31);
    assertThat(s.accountedFiles()).isEqualTo(31);
    assertThat(s.ingestedByDataset())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("cpsc2018", 1L, "ptbxl", 4L, "ptb", 1L, "csn", 1L));
    assertThat(s.rejectedByDataset())
        .containsExactlyInAnyOrderEntriesOf(Map.of("bad", 9L, "ptbxl", 3L));
    assertThat(s.rejectedByKind())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "parse error", 4L,
                "missing signal file", 1L,
                "too short", 1L,
                "missing lead", 1L,
                "no header", 1L,
                "not a record file", 1L,
                "not in ptbxl_database.csv", 2L,
                "bad ptbxl_database.csv row", 1L));

    Dataset<Row> corpus = spark.read().parquet(out);
    Map<String, Row> byId = new HashMap<>();
    for (Row r : corpus.collectAsList()) {
      byId.put(r.getAs(CorpusSchema.RECORD_ID), r);
    }
    assertThat(byId.keySet())
        .containsExactlyInAnyOrder(
            "cpsc2018/A0001",
            "ptbxl/HR00001",
            "ptb/S0001",
            "csn/JS00001",
            "ptbxl/00001_lr",
            "ptbxl/00002_lr",
            "ptbxl/00003_lr");
    Row a = byId.get("cpsc2018/A0001");
    assertThat(a.<String>getAs(CorpusSchema.DATASET)).isEqualTo("cpsc2018");
    assertThat(a.<Integer>getAs(CorpusSchema.N_SAMPLES)).isEqualTo(1000);
    assertThat(a.<Double>getAs(CorpusSchema.FS)).isEqualTo(100.0);
    assertThat(a.getList(a.fieldIndex(CorpusSchema.CODES))).containsExactly("59118001");
    assertThat(a.getList(a.fieldIndex("labels_cpsc"))).containsExactly("RBBB");
    assertThat(a.getList(a.fieldIndex("labels_csn"))).containsExactly("CRBBB");
    assertThat(a.<Integer>getAs(CorpusSchema.AGE)).isEqualTo(74);
    assertThat(a.<String>getAs(CorpusSchema.SEX)).isEqualTo("M");
    assertThat(a.<String>getAs(CorpusSchema.SOURCE_PATH))
        .endsWith("challenge/good/deeper/A0001.hea");
    Row p = byId.get("ptbxl/00001_lr");
    assertThat(p.getList(p.fieldIndex(CorpusSchema.CODES)))
        .containsExactly("scp:NORM", "scp:LVOLT", "scp:SR");
    assertThat(p.getList(p.fieldIndex("labels_ptbxl"))).containsExactly("NORM");
    assertThat(p.getList(p.fieldIndex("labels_cpsc"))).isEmpty();
    assertThat(p.<String>getAs(CorpusSchema.SEX)).isEqualTo("F");
    // strat_fold from ptbxl_database.csv (records 1, 2, 3: folds 3, 2, 5); null for challenge ones
    assertThat(p.<Integer>getAs(CorpusSchema.STRAT_FOLD)).isEqualTo(3);
    assertThat(byId.get("ptbxl/00002_lr").<Integer>getAs(CorpusSchema.STRAT_FOLD)).isEqualTo(2);
    assertThat(byId.get("ptbxl/00003_lr").<Integer>getAs(CorpusSchema.STRAT_FOLD)).isEqualTo(5);
    assertThat(a.<Integer>getAs(CorpusSchema.STRAT_FOLD)).isNull();
    assertThat(byId.get("ptbxl/HR00001").<Integer>getAs(CorpusSchema.STRAT_FOLD)).isNull();
    // the stored signal is the 100 Hz file's digital values, lead-major in LEADS order
    byte[] sig = p.getAs(CorpusSchema.SIGNAL);
    double[] gain = toDoubles(p.getList(p.fieldIndex(CorpusSchema.ADC_GAIN)));
    float[][] mv = EcgSignal.decodeMillivolts(sig, gain, 1000);
    SourceRecord src =
        TestSharedDataRecords.read(SharedData.resolve("ptb-xl/records100/00000/00001_lr.hea"));
    assertThat(mv).isDeepEqualTo(src.millivolts());
    // HR00001 through the 500 -> 100 Hz FIR resampler: close to PTB-XL's own 100 Hz version
    Row hr = byId.get("ptbxl/HR00001");
    float[][] hrMv =
        EcgSignal.decodeMillivolts(
            hr.getAs(CorpusSchema.SIGNAL),
            toDoubles(hr.getList(hr.fieldIndex(CorpusSchema.ADC_GAIN))),
            1000);
    assertThat(TestSharedDataRecords.correlation(hrMv[1], src.millivolts()[1], 20, 980))
        .isGreaterThan(0.97);

    // the schema is the contract's (dataset comes back last, as a partition column)
    for (var f : CorpusSchema.SCHEMA.fields()) {
      assertThat(corpus.schema().apply(f.name()).dataType().simpleString())
          .isEqualTo(f.dataType().simpleString()); // Parquet reads back as nullable
    }
    // bounded files: 2 records per file at most (50 000 bytes / 24 512 per record)
    List<Row> perFile =
        corpus.groupBy(org.apache.spark.sql.functions.input_file_name()).count().collectAsList();
    assertThat(perFile).hasSizeGreaterThanOrEqualTo(5); // ptbxl: 4 records in >= 2 files
    assertThat(perFile).allSatisfy(r -> assertThat(r.getLong(1)).isLessThanOrEqualTo(2));

    Map<String, String> rejects = rejects(out);
    String bad = Path.of(root.toString(), "challenge", "bad").toAbsolutePath().toString();
    assertThat(rejects.get("X0001.hea"))
        .isEqualTo(
            "Cannot read file:"
                + bad
                + "/X0001.mat: truncated: matrix 'val' is 12 x 5000 int16"
                + " (120000 bytes) but the file holds 4976 bytes after its header");
    assertThat(rejects.get("X0002.hea"))
        .isEqualTo(
            "Cannot read file:"
                + bad
                + "/X0002.mat: header says 7000 samples per signal but matrix"
                + " 'val' has 5000");
    assertThat(rejects.get("X0003.hea"))
        .isEqualTo(
            "Cannot read file:"
                + bad
                + "/X0003.hea: missing signal file X0003.dat named by the header");
    assertThat(rejects.get("X0004.hea"))
        .startsWith(
            "Cannot read file:"
                + bad
                + "/X0004.mat: not a MATLAB v4 file: matrix 0 has type code ");
    assertThat(rejects.get("X0005.hea"))
        .isEqualTo(
            "Cannot read file:"
                + bad
                + "/X0005.dat: unsupported WFDB signal format 311 (supported: 16, 212, 80)");
    assertThat(rejects.get("X0006.mat"))
        .isEqualTo("Cannot ingest file:" + bad + "/X0006.mat: no header X0006.hea beside it");
    assertThat(rejects.get("README.txt"))
        .isEqualTo(
            "Cannot ingest file:" + bad + "/README.txt: not a WFDB record file (.hea, .mat, .dat)");
    assertThat(rejects.get("X0007.hea"))
        .isEqualTo(
            "Cannot preprocess file:"
                + bad
                + "/X0007.hea: record too short: 2.000 s (1000 samples at 500 Hz), need 10 s");
    assertThat(rejects.get("X0008.hea"))
        .isEqualTo("Cannot read file:" + bad + "/X0008.hea: record lacks lead(s) V6");
    assertThat(rejects.get("00404_lr.hea"))
        .endsWith(
            ": missing header of record records100/00000/00404_lr listed in ptbxl_database.csv line"
                + " 5");
    assertThat(rejects.get("00009_lr.hea"))
        .endsWith(
            "/00009_lr.hea: record not listed in file:"
                + ptbxl.toAbsolutePath()
                + "/ptbxl_database.csv");
    assertThat(rejects).hasSize(12);

    // a rerun with other options replaces corpus and rejects together
    IngestSummary again =
        run(out, new PreprocessOptions(50, 2, ResampleMethod.DECIMATE, Normalization.MINMAX));
    assertThat(again.ingested()).isEqualTo(8);
    assertThat(again.rejectedByKind()).doesNotContainKey("too short");
    Dataset<Row> replaced = spark.read().parquet(out);
    assertThat(replaced.count()).isEqualTo(8);
    assertThat(replaced.select(CorpusSchema.N_SAMPLES).distinct().collectAsList())
        .extracting(r -> r.getInt(0))
        .containsExactly(100);
    assertThat(rejects(out)).hasSize(11).doesNotContainKey("X0007.hea");
    // a failed run leaves it intact, and no staging folders are left behind
    assertThatThrownBy(
            () ->
                new IngestJob(spark)
                    .inputs(List.of(root.resolve("absent").toString()))
                    .output(out)
                    .execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot ingest: input does not exist: ");
    assertThat(spark.read().parquet(out).count()).isEqualTo(8);
    try (Stream<Path> siblings = Files.list(root)) {
      assertThat(siblings.map(x -> x.getFileName().toString()))
          .noneMatch(n -> n.startsWith("."))
          .contains("challenge", "ptbxl-root", "corpus");
    }
  }

  private Map<String, String> rejects(String out) {
    Map<String, String> byName = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(IngestJob.rejectsPath(new org.apache.hadoop.fs.Path(out)).toString())
            .collectAsList()) {
      String path = r.getString(0);
      byName.put(path.substring(path.lastIndexOf('/') + 1), r.getString(3));
    }
    return byName;
  }

  private static double[] toDoubles(List<Object> list) {
    return list.stream().mapToDouble(o -> (Double) o).toArray();
  }

  @Test
  void anEmptyInputIsRefusedOrWhenAllowedGivesAnEmptyCorpusThatStillHasTheSchema()
      throws IOException {
    Path empty = Files.createDirectories(root.resolve("empty-input"));
    String out = root.resolve("empty-corpus").toString();
    assertThatThrownBy(
            () ->
                new IngestJob(spark)
                    .inputs(List.of(empty.toString()))
                    .output(out)
                    .progress(x -> {}, 0)
                    .execute())
        .isInstanceOf(EmptyIngestException.class)
        .hasMessage(
            "Cannot ingest: the inputs ["
                + empty
                + "] yielded 0 records (0 files listed, 0 records rejected);"
                + " nothing written to "
                + out
                + " (--allow-empty writes an empty corpus)");
    assertThat(Path.of(out)).doesNotExist();
    IngestSummary s =
        new IngestJob(spark)
            .inputs(List.of(empty.toString()))
            .output(out)
            .progress(x -> {}, 0)
            .allowEmpty(true)
            .execute();
    assertThat(s.ingested()).isZero();
    assertThat(s.listedFiles()).isZero();
    Dataset<Row> corpus = spark.read().parquet(out);
    assertThat(corpus.count()).isZero();
    assertThat(corpus.schema().fieldNames()).contains(CorpusSchema.RECORD_ID, CorpusSchema.SIGNAL);
  }

  @Test
  void validatesItsSettings() {
    assertThatThrownBy(() -> new IngestJob(spark).output("x").execute())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot ingest: no --input given");
    assertThatThrownBy(
            () -> new IngestJob(spark).inputs(List.of("a")).output("x").ptbxlRate(250).execute())
        .hasMessage("Cannot ingest: --ptbxl-rate must be 100 or 500: 250");
    assertThat(new IngestJob(spark).maxOutputFileBytes(128L << 20).maxRecordsPerFile())
        .isEqualTo((128L << 20) / 24512);
  }
}
