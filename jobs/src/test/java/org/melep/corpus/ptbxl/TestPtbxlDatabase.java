package org.melep.corpus.ptbxl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.RecordParseException;

class TestPtbxlDatabase {

  static PtbxlDatabase database() throws IOException {
    return PtbxlDatabase.parse(
        "ptbxl_database.csv", Files.readAllBytes(SharedData.resolve("ptb-xl/ptbxl_database.csv")));
  }

  static ScpStatements statements() throws IOException {
    return ScpStatements.parse(
        "scp_statements.csv", Files.readAllBytes(SharedData.resolve("ptb-xl/scp_statements.csv")));
  }

  @Test
  void readsEveryRowOfTheSharedDatabase() throws IOException {
    PtbxlDatabase db = database();
    assertThat(db.problems()).isEmpty();
    assertThat(db.entries()).hasSize(16);
    PtbxlEntry first = db.entries().get(0);
    assertThat(first.ecgId()).isEqualTo(1);
    assertThat(first.age()).isEqualTo(56);
    assertThat(first.sex()).isEqualTo("F");
    assertThat(first.scpCodes())
        .containsExactly(Map.entry("NORM", 100.0), Map.entry("LVOLT", 0.0), Map.entry("SR", 0.0));
    assertThat(first.filename(100)).isEqualTo("records100/00000/00001_lr");
    assertThat(first.filename(500)).isEqualTo("records500/00000/00001_hr");
    assertThat(db.entries().get(1).sex()).isEqualTo("M");
    // strat_fold of the 16 rows, read independently from the CSV with Python's csv module
    assertThat(db.entries().stream().map(PtbxlEntry::stratFold).toList())
        .containsExactly(3, 2, 5, 3, 4, 4, 7, 9, 10, 9, 9, 4, 9, 1, 9, 1);
  }

  @Test
  void stratFoldIsOptionalButMustBeAFold() {
    String csv =
        "ecg_id,age,sex,scp_codes,strat_fold,filename_lr,filename_hr\n"
            + "1,50,0,\"{'NORM': 100.0}\",10,records100/a_lr,records500/a_hr\n"
            + "2,50,0,\"{'NORM': 100.0}\",,records100/b_lr,records500/b_hr\n"
            + "3,50,0,\"{'NORM': 100.0}\",11,records100/c_lr,records500/c_hr\n"
            + "4,50,0,\"{'NORM': 100.0}\",2.5,records100/d_lr,records500/d_hr\n";
    PtbxlDatabase db = PtbxlDatabase.parse("db.csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(db.entries()).extracting(PtbxlEntry::stratFold).containsExactly(10, null);
    assertThat(db.problems())
        .extracting(Throwable::getMessage)
        .containsExactly(
            "Cannot read db.csv:4: strat_fold is not a fold 1-10: '11'",
            "Cannot read db.csv:5: strat_fold is not a fold 1-10: '2.5'");
  }

  @Test
  void superclassesAsThePtbxlBenchmark() throws IOException {
    ScpStatements scp = statements();
    PtbxlDatabase db = database();
    assertThat(scp.superclasses(db.entries().get(0).scpCodes().keySet())).containsExactly("NORM");
    assertThat(scp.superclasses(db.entries().get(7).scpCodes().keySet())).containsExactly("MI");
    assertThat(scp.superclass("SR")).isNull(); // rhythm statement
    // counts computed independently with Python (csv + ast.literal_eval, diagnostic == 1.0)
    Map<String, Integer> counts = new TreeMap<>();
    for (PtbxlEntry e : db.entries()) {
      var s = scp.superclasses(e.scpCodes().keySet());
      if (s.isEmpty()) {
        counts.merge("none", 1, Integer::sum);
      }
      s.forEach(c -> counts.merge(c, 1, Integer::sum));
    }
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("NORM", 9, "STTC", 2, "CD", 2, "MI", 2, "HYP", 2, "none", 1));
  }

  @Test
  void parsesDictLiteralsAndRejectsMalformedOnes() {
    assertThat(ScpCodes.parse("s", "{}")).isEmpty();
    assertThat(ScpCodes.parse("s", " {\"A\" :1, 'B': 2.5 } "))
        .containsExactly(Map.entry("A", 1.0), Map.entry("B", 2.5));
    assertThatThrownBy(() -> ScpCodes.parse("db.csv:3", "NORM"))
        .isInstanceOf(RecordParseException.class)
        .hasMessage("Cannot read db.csv:3: scp_codes is not a dict literal: NORM");
    assertThatThrownBy(() -> ScpCodes.parse("db.csv:3", "{'NORM': x}"))
        .hasMessage("Cannot read db.csv:3: scp_codes: likelihood of 'NORM' is not a number: 'x'");
    assertThatThrownBy(() -> ScpCodes.parse("db.csv:3", "{'NORM 1}"))
        .hasMessage("Cannot read db.csv:3: scp_codes: unterminated code: {'NORM 1}");
  }

  @Test
  void badRowsAreReportedApartAndMissingColumnsFailTheFile() {
    String csv =
        "ecg_id,age,sex,scp_codes,filename_lr,filename_hr\n"
            + "1,300,0,\"{'NORM': 100.0}\",records100/a_lr,records500/a_hr\n"
            + "2,x,0,\"{}\",records100/b_lr,records500/b_hr\n"
            + "3,,,\"{'IMI': 50.0,\n 'SR': 0.0}\",records100/c_lr,records500/c_hr\r\n";
    PtbxlDatabase db = PtbxlDatabase.parse("db.csv", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(db.entries()).hasSize(2);
    assertThat(db.entries().get(0).age()).isEqualTo(90); // PTB-XL's 300 = over 89
    assertThat(db.entries().get(1).age()).isNull();
    assertThat(db.entries().get(1).sex()).isNull();
    assertThat(db.entries().get(1).scpCodes()).containsOnlyKeys("IMI", "SR");
    assertThat(db.entries().get(1).lineNumber()).isEqualTo(4);
    assertThat(db.entries().get(0).stratFold()).isNull(); // no strat_fold column
    assertThat(db.problems())
        .singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("Cannot read db.csv:3: age is not a number: 'x'");
    assertThatThrownBy(
            () ->
                PtbxlDatabase.parse("db.csv", "ecg_id,age\n1,2\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RecordParseException.class)
        .hasMessage("Cannot read db.csv: no column 'sex' in header [ecg_id, age]");
  }
}
