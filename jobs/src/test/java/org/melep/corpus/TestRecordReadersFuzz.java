package org.melep.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.melep.SharedData;
import org.melep.corpus.mat.MatV4Reader;
import org.melep.corpus.ptbxl.PtbxlDatabase;
import org.melep.corpus.wfdb.WfdbHeaderParser;
import org.melep.ingest.WfdbRecordReader;

/**
 * A seeded random mutator over real headers, {@code .mat}, {@code .dat} and PTB-XL CSV bytes: every
 * mutant must either parse or fail with the documented {@link RecordParseException}, never with any
 * other exception (index out of bounds, number format, out of memory, ...).
 */
class TestRecordReadersFuzz {
  private static final long SEED = 20_240_601L;
  private static final int MUTATIONS = 20_000;
  private static final String[] TOKENS = {
    "0",
    "-1",
    "1",
    "16",
    "212",
    "80",
    "311",
    "2147483647",
    "-2147483648",
    "99999999999999999999",
    "NaN",
    "Infinity",
    "1e309",
    "(",
    ")",
    "(0)",
    "/",
    "/mV",
    "/uV",
    "/xyz",
    "+",
    "+24",
    "x",
    "x2",
    ":",
    "#",
    "#Dx:",
    "#Age:",
    "\r",
    "\n",
    " ",
    "\t",
    "",
    ".",
    "..",
    "AVR",
    "V6",
    "val",
    "{",
    "}",
    "'",
    "\"",
    ","
  };

  private final Random random = new Random(SEED);

  @Test
  void mutatedInputsFailOnlyWithTheDocumentedError() throws IOException {
    List<byte[]> headers = new ArrayList<>();
    for (String h :
        List.of(
            "cinc2021/HR00001.hea",
            "cinc2021/A0001.hea",
            "cinc2021/S0001.hea",
            "ptb-xl/records100/00000/00001_lr.hea")) {
      headers.add(Files.readAllBytes(SharedData.resolve(h)));
    }
    headers.add(
        new String(headers.get(0), StandardCharsets.ISO_8859_1)
            .replace("\n", "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    // whole records, header with its own signal file, so that unmutated parts are consistent
    List<byte[][]> records = new ArrayList<>();
    for (String r :
        List.of("cinc2021/HR00001", "cinc2021/A0003", "ptb-xl/records100/00000/00001_lr")) {
      String ext = r.startsWith("ptb-xl") ? ".dat" : ".mat";
      records.add(
          new byte[][] {
            Files.readAllBytes(SharedData.resolve(r + ".hea")),
            Files.readAllBytes(SharedData.resolve(r + ext))
          });
    }
    // a small valid .mat (12 x 300) for the cheap MAT-only mutations
    byte[] full = records.get(0)[1];
    byte[] mat = Arrays.copyOf(full, 24 + 12 * 300 * 2);
    mat[8] = (byte) 300;
    mat[9] = (byte) (300 >> 8);
    mat[10] = 0;
    mat[11] = 0;
    assertThat(MatV4Reader.read("small.mat", mat, "val").columns()).isEqualTo(300);
    byte[] csv =
        String.join(
                "\n",
                Files.readAllLines(SharedData.resolve("ptb-xl/ptbxl_database.csv")).subList(0, 6))
            .getBytes(StandardCharsets.UTF_8);

    int parsed = 0;
    int rejected = 0;
    long start = System.nanoTime();
    for (int i = 0; i < MUTATIONS; i++) {
      int target = i % 10; // 0-3 header, 4-6 mat, 7 whole record, 8-9 PTB-XL csv
      try {
        if (target < 4) {
          WfdbHeaderParser.parse("fuzz.hea", mutate(headers.get(random.nextInt(headers.size()))));
        } else if (target < 7) {
          MatV4Reader.read("fuzz.mat", mutateBinary(mat), "val");
        } else if (target == 7) {
          byte[][] rec = records.get(random.nextInt(records.size()));
          int what = random.nextInt(3); // header, signal, or both
          byte[] h = what != 1 ? mutate(rec[0]) : rec[0];
          byte[] signal = what != 0 ? mutateBinary(rec[1]) : rec[1];
          WfdbRecordReader.read("fuzz.hea", h, name -> signal);
        } else {
          PtbxlDatabase.parse("fuzz.csv", mutate(csv));
        }
        parsed++;
      } catch (RecordParseException e) {
        assertThat(e.getMessage()).startsWith("Cannot read ");
        assertThat(e.getReason()).isNotBlank();
        rejected++;
      } catch (Throwable t) {
        throw new AssertionError(
            "mutation " + i + " (seed " + SEED + ", target " + target + ") threw " + t, t);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // the mutator must actually exercise both outcomes
    assertThat(parsed).isGreaterThan(MUTATIONS / 20);
    assertThat(rejected).isGreaterThan(MUTATIONS / 4);
    assertThat(seconds).isLessThan(60);
  }

  /** Text mutations: byte flips, token insertions and replacements, deletions, truncations. */
  private byte[] mutate(byte[] in) {
    byte[] b = in;
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      int pos = b.length == 0 ? 0 : random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0:
          if (b.length > 0) {
            b = b.clone();
            b[pos] = (byte) random.nextInt(256);
          }
          break;
        case 1:
          b =
              splice(
                  b, pos, pos + random.nextInt(Math.max(1, Math.min(8, b.length - pos))), token());
          break;
        case 2:
          b = splice(b, pos, pos, token());
          break;
        case 3:
          b = splice(b, pos, Math.min(b.length, pos + random.nextInt(40)), new byte[0]);
          break;
        case 4:
          b = Arrays.copyOf(b, pos);
          break;
        default:
          int len = Math.min(b.length - pos, random.nextInt(60));
          b = splice(b, pos, pos, Arrays.copyOfRange(b, pos, pos + len));
      }
    }
    return b;
  }

  /** Binary mutations, mostly in the first bytes where a MAT header lives. */
  private byte[] mutateBinary(byte[] in) {
    byte[] b = in.clone();
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      int pos =
          random.nextBoolean() ? random.nextInt(Math.min(32, b.length)) : random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0:
          b[pos] = (byte) random.nextInt(256);
          break;
        case 1:
          b[pos] ^= (byte) (1 << random.nextInt(8));
          break;
        case 2:
          b = Arrays.copyOf(b, random.nextInt(b.length + 1));
          if (b.length == 0) {
            return b;
          }
          break;
        case 3:
          int v = random.nextBoolean() ? random.nextInt() : random.nextInt(64) - 8;
          int at = 4 * random.nextInt(5);
          if (b.length >= at + 4) {
            b[at] = (byte) v;
            b[at + 1] = (byte) (v >> 8);
            b[at + 2] = (byte) (v >> 16);
            b[at + 3] = (byte) (v >> 24);
          }
          break;
        default:
          b = splice(b, pos, pos, new byte[] {(byte) random.nextInt(256)});
      }
    }
    return b;
  }

  private byte[] token() {
    return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
    byte[] out = new byte[b.length - (to - from) + insert.length];
    System.arraycopy(b, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(b, to, out, from + insert.length, b.length - to);
    return out;
  }
}
