package org.melep.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestLabelSets {
  private final LabelSets sets = LabelSets.defaults();

  @Test
  void defaultsHoldThePapersLabelSetsInOutputOrder() {
    assertThat(sets.names()).containsExactly("ptbxl", "cpsc", "georgia", "csn");
    assertThat(sets.labelSet("ptbxl").labels()).containsExactly("NORM", "MI", "STTC", "HYP", "CD");
    assertThat(sets.labelSet("cpsc").labels())
        .containsExactly("NORM", "AF", "IAVB", "LBBB", "RBBB", "PAC", "VEB", "STD", "STE");
    assertThat(sets.labelSet("georgia").size()).isEqualTo(10);
    assertThat(sets.labelSet("csn").labels())
        .containsExactly(
            "SB", "NORM", "AFL", "STach", "TAb", "LVH", "STC", "TInv", "SA", "AF", "LQRSV", "STD",
            "LAD", "PAC", "PR", "STT", "IAVB", "CRBBB", "PVC", "QAb");
    assertThat(sets.labelSet("csn").indexOf("CRBBB")).isEqualTo(17);
    assertThat(sets.labelSet("cpsc").codes("RBBB")).containsExactly("59118001", "713427006");
  }

  @Test
  void firstCodeIsTheFirstCodeOfTheFirstSetThatCodesTheLabel() {
    LabelSets parsed = LabelSets.parse("test", "a,X,\nb,X,111|222\nb,Y,333\nc,X,444\nc,Z,\n");
    assertThat(parsed.firstCode("X")).isEqualTo("111");
    assertThat(parsed.firstCode("Y")).isEqualTo("333");
    assertThat(parsed.firstCode("Z")).isNull();
    assertThat(parsed.firstCode("absent")).isNull();
    assertThat(sets.firstCode("RBBB")).isEqualTo("59118001");
  }

  @Test
  void mapsCodesToEverySetTreatingEquivalentCodesAsOneClass() {
    // JS00001.hea: #Dx: 164889003,59118001,164934002 (AF, RBBB, TAb)
    var labels = sets.labelsForCodes(List.of("164889003", "59118001", "164934002"));
    assertThat(labels.get("cpsc")).containsExactly("AF", "RBBB");
    assertThat(labels.get("georgia")).containsExactly("AF", "TAb");
    assertThat(labels.get("csn")).containsExactly("TAb", "AF", "CRBBB");
    assertThat(labels.get("ptbxl")).isEmpty();
    // CRBBB's code counts as RBBB for CPSC; VPB 17338001 as VEB and PVC
    assertThat(sets.labelSet("cpsc").labelsForCodes(List.of("713427006", "17338001")))
        .containsExactly("RBBB", "VEB");
    assertThat(sets.labelSet("csn").labelsForCodes(List.of("17338001"))).containsExactly("PVC");
    assertThat(sets.labelSet("csn").labelsForCodes(List.of("999"))).isEmpty();
  }

  @Test
  void codelessLabelsMatchClassNames() {
    LabelSet ptbxl = sets.labelSet("ptbxl");
    assertThat(ptbxl.labelsFor(List.of("scp:IMI"), List.of("CD", "MI")))
        .containsExactly("MI", "CD");
    // a superclass name never matches a label that has codes: PTB-XL NORM is not sinus rhythm
    assertThat(sets.labelSet("cpsc").labelsFor(List.of(), List.of("NORM"))).isEmpty();
    assertThat(ptbxl.labelsForNames(List.of("HYP", "NOPE"))).containsExactly("HYP");
  }

  @Test
  void loadsAUserFileAndReportsErrors() throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "test-labels"));
    Path f = dir.resolve("sets.csv");
    Files.writeString(f, "# comment\nmine,B,2|3\nmine,A,1\n");
    LabelSets mine = LabelSets.load(f.toString());
    assertThat(mine.names()).containsExactly("mine");
    assertThat(mine.labelSet("mine").labels()).containsExactly("B", "A");
    assertThat(mine.labelSet("mine").labelsForCodes(List.of("1", "3"))).containsExactly("B", "A");
    assertThatThrownBy(() -> mine.labelSet("cpsc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot find label set: known sets are [mine]: cpsc");
    assertThatThrownBy(() -> LabelSets.parse("s.csv", "a,b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot load label sets: s.csv line 1 has 2 fields, expected 3"
                + " (label_set,label,snomed_codes): a,b");
    assertThatThrownBy(() -> LabelSets.parse("s.csv", "a,b,1\na,b,2\n"))
        .hasMessage("Cannot load label sets: s.csv line 2 repeats label b of set a");
    assertThatThrownBy(() -> LabelSets.load(dir.resolve("absent.csv")))
        .hasMessageStartingWith("Cannot load label sets: cannot read file: ");
  }
}
