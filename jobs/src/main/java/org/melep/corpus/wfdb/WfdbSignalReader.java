package org.melep.corpus.wfdb;

import java.util.List;
import org.melep.corpus.RecordParseException;

/**
 * Reads the samples of one WFDB signal file ({@code .dat}) in format 16 (little-endian int16), 212
 * (two 12-bit samples in three bytes) or 80 (8-bit offset binary), interleaved frame by frame as
 * WFDB writes them.
 */
public final class WfdbSignalReader {
  private WfdbSignalReader() {}

  /** True when this reader can decode {@code format}. */
  public static boolean supports(int format) {
    return format == 16 || format == 212 || format == 80;
  }

  /**
   * Decodes the signals stored in {@code bytes}, in header order; all must name this file and share
   * its format. {@code nSamples} is the header's sample count (0 = as many as the file holds); a
   * file holding a different number of samples is rejected.
   *
   * @return digital values {@code [signal][sample]}
   */
  public static short[][] read(
      String source, byte[] bytes, List<WfdbSignalSpec> signals, int nSamples) {
    if (signals.isEmpty()) {
      throw new RecordParseException(source, "no signals to read");
    }
    WfdbSignalSpec first = signals.get(0);
    int format = first.format();
    for (WfdbSignalSpec s : signals) {
      if (s.format() != format) {
        throw new RecordParseException(
            source, "signals of one file have different formats: " + format + " and " + s.format());
      }
      if (s.samplesPerFrame() != 1) {
        throw new RecordParseException(
            source,
            "multi-frequency records (samples per frame "
                + s.samplesPerFrame()
                + ") are not supported");
      }
    }
    if (!supports(format)) {
      throw new RecordParseException(
          source, "unsupported WFDB signal format " + format + " (supported: 16, 212, 80)");
    }
    long offset = first.byteOffset();
    if (offset > bytes.length) {
      throw new RecordParseException(
          source,
          "byte offset " + offset + " is past the end of the " + bytes.length + "-byte file");
    }
    int nsig = signals.size();
    long available = bytes.length - offset;
    long frames;
    switch (format) {
      case 16:
        frames = available / (2L * nsig);
        if (available % (2L * nsig) != 0) {
          throw new RecordParseException(
              source,
              "file holds "
                  + available
                  + " data bytes, not a whole number of "
                  + nsig
                  + "-signal format-16 frames");
        }
        break;
      case 212:
        frames = (available * 2 / 3) / nsig;
        break;
      default:
        frames = available / nsig;
        break;
    }
    if (nSamples > 0 && frames != nSamples) {
      throw new RecordParseException(
          source, "header says " + nSamples + " samples per signal but the file holds " + frames);
    }
    if (frames > Integer.MAX_VALUE / 2) {
      throw new RecordParseException(source, "too many samples: " + frames);
    }
    int n = (int) frames;
    short[][] out = new short[nsig][n];
    int p = (int) offset;
    switch (format) {
      case 16:
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < nsig; k++) {
            out[k][j] = (short) ((bytes[p] & 0xff) | (bytes[p + 1] << 8));
            p += 2;
          }
        }
        break;
      case 212:
        long idx = 0;
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < nsig; k++) {
            out[k][j] = read212(bytes, (int) offset, idx++);
          }
        }
        break;
      default:
        for (int j = 0; j < n; j++) {
          for (int k = 0; k < nsig; k++) {
            out[k][j] = (short) ((bytes[p++] & 0xff) - 128);
          }
        }
        break;
    }
    verifyChecksums(source, signals, out);
    return out;
  }

  /** Sample {@code idx} of a format-212 stream: pairs of 12-bit values packed in 3 bytes. */
  private static short read212(byte[] b, int offset, long idx) {
    int base = offset + (int) (idx / 2) * 3;
    int v;
    if (idx % 2 == 0) {
      v = (b[base] & 0xff) | ((b[base + 1] & 0x0f) << 8);
    } else {
      v = (b[base + 2] & 0xff) | ((b[base + 1] & 0xf0) << 4);
    }
    if (v > 2047) {
      v -= 4096;
    }
    return (short) v;
  }

  /**
   * Checks each signal's 16-bit checksum (the sum of its samples) against the header's, when the
   * header gives one: catches files overwritten with other bytes of the right length.
   */
  public static void verifyChecksums(
      String source, List<WfdbSignalSpec> signals, short[][] digital) {
    for (int k = 0; k < signals.size(); k++) {
      Integer expected = signals.get(k).checksum();
      if (expected == null) {
        continue;
      }
      int sum = 0;
      for (short v : digital[k]) {
        sum += v;
      }
      if ((short) sum != (short) (int) expected) {
        throw new RecordParseException(
            source,
            "checksum of signal "
                + k
                + " ("
                + signals.get(k).description()
                + ") is "
                + (short) sum
                + ", header says "
                + expected);
      }
    }
  }
}
