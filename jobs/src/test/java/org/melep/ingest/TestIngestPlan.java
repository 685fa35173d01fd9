package org.melep.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;

class TestIngestPlan {

  private static ListedFile f(String path) {
    return new ListedFile(path, 10);
  }

  @Test
  void datasetsFollowTheChallengePrefixesElseTheFolder() {
    assertThat(ChallengeDatasets.of("A0001", "x")).isEqualTo("cpsc2018");
    assertThat(ChallengeDatasets.of("Q0001", "x")).isEqualTo("cpsc_extra");
    assertThat(ChallengeDatasets.of("S0001", "x")).isEqualTo("ptb");
    assertThat(ChallengeDatasets.of("HR00001", "x")).isEqualTo("ptbxl");
    assertThat(ChallengeDatasets.of("E00001", "x")).isEqualTo("georgia");
    assertThat(ChallengeDatasets.of("JS00001", "x")).isEqualTo("csn");
    assertThat(ChallengeDatasets.of("ZZ001", "My Folder-2")).isEqualTo("my_folder_2");
    assertThat(ChallengeDatasets.of("rec", "")).isEqualTo("unknown");
  }

  @Test
  void groupsChallengeFilesIntoRecordsAndAccountsForEveryFile() {
    IngestPlan plan = new IngestPlan();
    plan.addChallengeTree(
        "s3a://b/in",
        List.of(
            f("s3a://b/in/g1/A0001.hea"), f("s3a://b/in/g1/A0001.mat"),
            f("s3a://b/in/g2/sub/JS00001.hea"), f("s3a://b/in/g2/sub/JS00001.mat"),
            f("s3a://b/in/g2/E00002.mat"), f("s3a://b/in/g2/RECORDS"),
            f("s3a://b/in/other/A0001.hea"), f("s3a://b/in/other/A0001.mat")));
    assertThat(plan.listedFiles()).isEqualTo(8);
    assertThat(plan.tasks())
        .extracting(RecordTask::recordId, RecordTask::headerPath, RecordTask::files)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("cpsc2018/A0001", "s3a://b/in/g1/A0001.hea", 2),
            org.assertj.core.groups.Tuple.tuple("csn/JS00001", "s3a://b/in/g2/sub/JS00001.hea", 2));
    assertThat(plan.rejects())
        .extracting(IngestResult::kind, IngestResult::reason)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                RejectKind.ORPHAN_FILE,
                "Cannot ingest s3a://b/in/g2/E00002.mat: no header E00002.hea beside it"),
            org.assertj.core.groups.Tuple.tuple(
                RejectKind.NOT_A_RECORD,
                "Cannot ingest s3a://b/in/g2/RECORDS: not a WFDB record file (.hea, .mat, .dat)"),
            org.assertj.core.groups.Tuple.tuple(
                RejectKind.PARSE_ERROR,
                "Cannot ingest s3a://b/in/other/A0001.hea: duplicate record id cpsc2018/A0001,"
                    + " already read from s3a://b/in/g1/A0001.hea"));
    int accounted =
        plan.tasks().stream().mapToInt(RecordTask::files).sum()
            + plan.rejects().stream().mapToInt(IngestResult::files).sum();
    assertThat(accounted).isEqualTo(8);
  }

  @Test
  void ptbxlAt500HzUsesRecords500AndRejectsRowsWithoutFiles() throws IOException {
    Path root = SharedData.resolve("ptb-xl");
    List<ListedFile> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root.resolve("records500"))) {
      s.filter(Files::isRegularFile).forEach(p -> files.add(f("file:" + p)));
    }
    IngestPlan plan = new IngestPlan();
    plan.addPtbxlRoot(
        "file:" + root,
        files,
        500,
        Files.readAllBytes(root.resolve("ptbxl_database.csv")),
        Files.readAllBytes(root.resolve("scp_statements.csv")));
    assertThat(plan.tasks()).hasSize(7);
    RecordTask first = plan.tasks().get(0);
    assertThat(first.recordId()).isEqualTo("ptbxl/00001_hr");
    assertThat(first.headerPath()).isEqualTo("file:" + root + "/records500/00000/00001_hr.hea");
    assertThat(first.codes()).containsExactly("scp:NORM", "scp:LVOLT", "scp:SR");
    assertThat(first.superclasses()).containsExactly("NORM");
    assertThat(first.age()).isEqualTo(56);
    assertThat(first.sex()).isEqualTo("F");
    RecordTask r39 = plan.tasks().get(6);
    assertThat(r39.recordId()).isEqualTo("ptbxl/00039_hr");
    assertThat(r39.superclasses()).containsExactly("MI", "STTC");
    // 9 of the 16 rows have only their 100 Hz version in the sample data
    assertThat(plan.rejects())
        .hasSize(9)
        .allSatisfy(
            r -> {
              assertThat(r.kind()).isEqualTo(RejectKind.DATABASE_ROW);
              assertThat(r.reason()).contains(": missing header of record records500/00000/");
            });
  }
}
