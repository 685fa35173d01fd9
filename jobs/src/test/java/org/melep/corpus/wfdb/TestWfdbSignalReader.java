package org.melep.corpus.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.RecordParseException;

class TestWfdbSignalReader {

  private static WfdbSignalSpec spec(int format, Integer checksum) {
    return new WfdbSignalSpec("r.dat", format, 1, 0, 200, 0, "mV", 12, 0, 0, checksum, "I");
  }

  @Test
  void readsFormat16AsInterleavedLittleEndianFrames() throws IOException {
    Path hea = SharedData.resolve("ptb-xl/records100/00000/00001_lr.hea");
    Path dat = SharedData.resolve("ptb-xl/records100/00000/00001_lr.dat");
    WfdbHeader h = WfdbHeaderParser.parse(hea.toString(), Files.readAllBytes(hea));
    byte[] bytes = Files.readAllBytes(dat);
    short[][] v = WfdbSignalReader.read(dat.toString(), bytes, h.signals(), h.nSamples());
    assertThat(v).hasDimensions(12, 1000);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int j = 0; j < 1000; j++) {
      for (int k = 0; k < 12; k++) {
        assertThat(v[k][j]).isEqualTo(b.getShort());
      }
    }
    assertThat(v[0][0]).isEqualTo((short) -119); // the header's initial value
  }

  @Test
  void readsFormat212() {
    // two signals, samples (1, -2), (2047, -2048): packed pairwise in 3 bytes
    short[] samples = {1, -2, 2047, -2048};
    byte[] bytes = new byte[6];
    for (int i = 0; i < 2; i++) {
      int a = samples[2 * i] & 0xfff;
      int b = samples[2 * i + 1] & 0xfff;
      bytes[3 * i] = (byte) a;
      bytes[3 * i + 1] = (byte) (((a >> 8) & 0x0f) | ((b >> 4) & 0xf0));
      bytes[3 * i + 2] = (byte) b;
    }
    short[][] v =
        WfdbSignalReader.read("r.dat", bytes, List.of(spec(212, null), spec(212, null)), 2);
    assertThat(v[0]).containsExactly(1, 2047);
    assertThat(v[1]).containsExactly(-2, -2048);
  }

  @Test
  void rejectsWrongSampleCountUnknownFormatAndChecksum() {
    byte[] bytes = new byte[8]; // 2 signals x 2 samples of format 16
    assertThatThrownBy(
            () -> WfdbSignalReader.read("r.dat", bytes, List.of(spec(16, null), spec(16, null)), 3))
        .isInstanceOf(RecordParseException.class)
        .hasMessage("Cannot read r.dat: header says 3 samples per signal but the file holds 2");
    assertThatThrownBy(() -> WfdbSignalReader.read("r.dat", bytes, List.of(spec(311, null)), 0))
        .isInstanceOf(RecordParseException.class)
        .hasMessage(
            "Cannot read r.dat: unsupported WFDB signal format 311 (supported: 16, 212, 80)");
    assertThatThrownBy(
            () -> WfdbSignalReader.read("r.dat", new byte[7], List.of(spec(16, null)), 0))
        .hasMessage(
            "Cannot read r.dat: file holds 7 data bytes, not a whole number of 1-signal format-16"
                + " frames");
    assertThatThrownBy(() -> WfdbSignalReader.read("r.dat", bytes, List.of(spec(16, 5)), 4))
        .hasMessage("Cannot read r.dat: checksum of signal 0 (I) is 0, header says 5");
  }
}
