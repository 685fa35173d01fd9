package org.melep.corpus.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.RecordParseException;

class TestWfdbHeaderParser {

  private static WfdbHeader parse(String text) {
    return WfdbHeaderParser.parse("x.hea", text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsChallengeHeader() throws IOException {
    Path p = SharedData.resolve("cinc2021/HR00001.hea");
    WfdbHeader h = WfdbHeaderParser.parse(p.toString(), Files.readAllBytes(p));
    assertThat(h.recordName()).isEqualTo("HR00001");
    assertThat(h.nSignals()).isEqualTo(12);
    assertThat(h.fs()).isEqualTo(500.0);
    assertThat(h.nSamples()).isEqualTo(5000);
    assertThat(h.codes()).containsExactly("251146004", "426783006");
    assertThat(h.age()).isEqualTo(56);
    assertThat(h.sex()).isEqualTo("F");
    WfdbSignalSpec i = h.signals().get(0);
    assertThat(i.fileName()).isEqualTo("HR00001.mat");
    assertThat(i.format()).isEqualTo(16);
    assertThat(i.byteOffset()).isEqualTo(24);
    assertThat(i.gain()).isEqualTo(1000.0);
    assertThat(i.units()).isEqualTo("mv");
    assertThat(i.baseline()).isZero();
    assertThat(i.initialValue()).isEqualTo(-115);
    assertThat(i.checksum()).isEqualTo(13047);
    assertThat(i.description()).isEqualTo("I");
    assertThat(h.signals().get(11).description()).isEqualTo("V6");
  }

  @Test
  void readsPtbxlHeaderWithBaselineInBrackets() throws IOException {
    Path p = SharedData.resolve("ptb-xl/records500/00000/00001_hr.hea");
    WfdbHeader h = WfdbHeaderParser.parse(p.toString(), Files.readAllBytes(p));
    assertThat(h.recordName()).isEqualTo("00001_hr");
    assertThat(h.nSamples()).isEqualTo(5000);
    assertThat(h.codes()).isEmpty();
    assertThat(h.age()).isNull();
    WfdbSignalSpec avr = h.signals().get(3);
    assertThat(avr.description()).isEqualTo("AVR");
    assertThat(avr.gain()).isEqualTo(1000.0);
    assertThat(avr.baseline()).isZero();
    assertThat(avr.units()).isEqualTo("mV");
    assertThat(avr.checksum()).isEqualTo(53190);
  }

  @Test
  void baselineInBracketsOverridesAdcZeroAndCrLfIsTolerated() {
    WfdbHeader h =
        parse(
            "r1 2 250.5/1000 3000\r\n"
                + "r1.dat 212 200(-12)/uV 12 5 0 -1 0 lead one\r\n"
                + "r1.dat 212 0 12 7\r\n"
                + "#Age: NaN\r\n#Sex: Unknown\r\n#Dx: 1, 2 ,\r\n");
    assertThat(h.fs()).isEqualTo(250.5);
    assertThat(h.nSamples()).isEqualTo(3000);
    assertThat(h.signals().get(0).baseline()).isEqualTo(-12);
    assertThat(h.signals().get(0).units()).isEqualTo("uV");
    assertThat(h.signals().get(0).description()).isEqualTo("lead one");
    assertThat(h.signals().get(1).gain()).isEqualTo(WfdbHeaderParser.DEFAULT_GAIN);
    assertThat(h.signals().get(1).baseline()).isEqualTo(7);
    assertThat(h.signals().get(1).units()).isEqualTo("mV");
    assertThat(h.age()).isNull();
    assertThat(h.sex()).isNull();
    assertThat(h.codes()).containsExactly("1", "2");
  }

  @Test
  void everySharedHeaderParses() throws IOException {
    List<Path> headers;
    try (Stream<Path> s = Files.walk(SharedData.root())) {
      headers = s.filter(p -> p.toString().endsWith(".hea")).toList();
    }
    assertThat(headers).hasSize(14 + 16 + 7);
    for (Path p : headers) {
      WfdbHeader h = WfdbHeaderParser.parse(p.toString(), Files.readAllBytes(p));
      assertThat(h.nSignals()).as(p.toString()).isEqualTo(12);
      assertThat(h.signals()).as(p.toString()).hasSize(12);
      assertThat(h.nSamples()).as(p.toString()).isPositive();
    }
  }

  @Test
  void rejectsSignalCountMismatch() {
    assertThatThrownBy(() -> parse("r 2 500 10\nr.dat 16 200 16 0 0 0 0 I\n"))
        .isInstanceOf(RecordParseException.class)
        .hasMessage(
            "Cannot read x.hea: line 1: record line declares 2 signals but 1 signal lines follow");
  }

  @Test
  void rejectsNonNumericFields() {
    assertThatThrownBy(() -> parse("r 1 500 10\nr.dat 16a 200 16 0 0 0 0 I\n"))
        .isInstanceOf(RecordParseException.class)
        .hasMessage("Cannot read x.hea: line 2: format is not an integer: '16a'")
        .satisfies(
            e -> assertThat(((RecordParseException) e).getReason()).startsWith("line 2: format"));
    assertThatThrownBy(() -> parse("r 1 fast 10\nr.dat 16\n"))
        .hasMessage("Cannot read x.hea: line 1: sampling frequency is not a number: 'fast'");
    assertThatThrownBy(() -> parse("r 1 500 10\nr.dat 16 abc/mV\n"))
        .hasMessage("Cannot read x.hea: line 2: gain is not a number: 'abc'");
    assertThatThrownBy(() -> parse("r 1 500 -3\nr.dat 16\n"))
        .hasMessage("Cannot read x.hea: line 1: sample count out of range: -3");
  }

  @Test
  void rejectsEmptyAndMultiSegmentHeaders() {
    assertThatThrownBy(() -> parse("\n# only a comment\n"))
        .isInstanceOf(RecordParseException.class)
        .hasMessage("Cannot read x.hea: no record line (empty header)");
    assertThatThrownBy(() -> parse("r/3 12 500 10\n"))
        .hasMessage("Cannot read x.hea: line 1: multi-segment records are not supported: r/3");
    assertThatThrownBy(() -> parse("r 0 500\n"))
        .hasMessage("Cannot read x.hea: line 1: signal count must be 1..256: 0");
    assertThatThrownBy(() -> parse("r 1 500 10\nr.dat 16\nr.dat 16\n"))
        .hasMessage(
            "Cannot read x.hea: line 3: more signal lines than the 1 the record line declares:"
                + " r.dat 16");
  }
}
