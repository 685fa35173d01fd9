package org.melep.corpus.mat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.RecordParseException;

class TestMatV4Reader {

  /** A v4 file with one int16 matrix, column-major. */
  static byte[] mat(int type, String name, short[][] values) {
    int rows = values.length;
    int cols = rows == 0 ? 0 : values[0].length;
    byte[] nameBytes = (name + "\0").getBytes();
    ByteBuffer b =
        ByteBuffer.allocate(20 + nameBytes.length + rows * cols * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(type).putInt(rows).putInt(cols).putInt(0).putInt(nameBytes.length).put(nameBytes);
    for (int c = 0; c < cols; c++) {
      for (short[] row : values) {
        b.putShort(row[c]);
      }
    }
    return b.array();
  }

  @Test
  void readsChallengeMatColumnMajor() throws IOException {
    Path p = SharedData.resolve("cinc2021/A0001.mat");
    byte[] bytes = Files.readAllBytes(p);
    MatV4Matrix m = MatV4Reader.read(p.toString(), bytes, "val");
    assertThat(m.rows()).isEqualTo(12);
    assertThat(m.columns()).isEqualTo(7500);
    // independent decoding: the header's "16+24": format 16 frames after a 24-byte preamble
    ByteBuffer b = ByteBuffer.wrap(bytes, 24, bytes.length - 24).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < 7500; c++) {
      for (int r = 0; r < 12; r++) {
        assertThat(m.values()[r][c]).isEqualTo(b.getShort());
      }
    }
    assertThat(m.values()[0][0]).isEqualTo((short) 28); // A0001.hea initial value of lead I
  }

  @Test
  void roundTripsAndSkipsOtherMatrices() {
    short[][] v = {{1, 2, 3}, {-4, 5, -32768}};
    byte[] val = mat(30, "val", v);
    // first a 1 x 4 matrix "x" of doubles (type 0): 20-byte header, "x\0", 32 data bytes
    ByteBuffer b = ByteBuffer.allocate(20 + 2 + 32 + val.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0).putInt(1).putInt(4).putInt(0).putInt(2).put((byte) 'x').put((byte) 0);
    b.put(new byte[32]).put(val);
    MatV4Matrix m = MatV4Reader.read("f.mat", b.array(), "val");
    assertThat(m.name()).isEqualTo("val");
    assertThat(m.values()).isDeepEqualTo(v);
    assertThat(MatV4Reader.read("f.mat", val, "val").values()).isDeepEqualTo(v);
  }

  @Test
  void rejectsTruncatedWrongTypeAndGarbage() throws IOException {
    byte[] good = Files.readAllBytes(SharedData.resolve("cinc2021/A0001.mat"));
    assertThatThrownBy(() -> MatV4Reader.read("t.mat", Arrays.copyOf(good, 1000), "val"))
        .isInstanceOf(RecordParseException.class)
        .hasMessage(
            "Cannot read t.mat: truncated: matrix 'val' is 12 x 7500 int16 (180000 bytes) but the"
                + " file holds 976 bytes after its header");
    assertThatThrownBy(() -> MatV4Reader.read("t.mat", Arrays.copyOf(good, 10), "val"))
        .hasMessage("Cannot read t.mat: truncated MAT v4 header of matrix 0: 10 bytes, need 20");
    assertThatThrownBy(() -> MatV4Reader.read("t.mat", new byte[0], "val"))
        .hasMessage("Cannot read t.mat: empty file");
    assertThatThrownBy(() -> MatV4Reader.read("t.mat", mat(40, "val", new short[][] {{1}}), "val"))
        .hasMessage(
            "Cannot read t.mat: matrix 'val' has type code 40, only 30 (little-endian int16 full"
                + " matrix) is supported");
    assertThatThrownBy(() -> MatV4Reader.read("t.mat", mat(30, "sig", new short[][] {{1}}), "val"))
        .hasMessage("Cannot read t.mat: no matrix named 'val'");
    byte[] garbage = "this is not a MATLAB file at all".getBytes();
    assertThatThrownBy(() -> MatV4Reader.read("g.mat", garbage, "val"))
        .hasMessageStartingWith("Cannot read g.mat: not a MATLAB v4 file: matrix 0 has type code ");
  }
}
