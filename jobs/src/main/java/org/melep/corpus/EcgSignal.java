package org.melep.corpus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes the {@link CorpusSchema#SIGNAL} column: {@code 12 x nSamples} little-endian
 * int16, lead-major, with a gain per lead in ADC units per millivolt.
 */
public final class EcgSignal {
  private EcgSignal() {}

  /** Default gain when quantising float millivolts: 1 unit = 1 microvolt, range +-32.767 mV. */
  public static final double DEFAULT_GAIN = 1000.0;

  /** Packs digital values {@code [lead][sample]} into the stored bytes. */
  public static byte[] encode(short[][] digital) {
    int leads = digital.length;
    int n = digital[0].length;
    ByteBuffer buf = ByteBuffer.allocate(leads * n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short[] lead : digital) {
      if (lead.length != n) {
        throw new IllegalArgumentException(
            "Cannot encode signal: leads differ in length: " + lead.length + " != " + n);
      }
      for (short v : lead) {
        buf.putShort(v);
      }
    }
    return buf.array();
  }

  /**
   * Quantises millivolts {@code [lead][sample]} with the given gain, rounding to nearest and
   * clipping to the int16 range.
   */
  public static short[][] quantise(float[][] millivolts, double gain) {
    short[][] out = new short[millivolts.length][];
    for (int k = 0; k < millivolts.length; k++) {
      float[] lead = millivolts[k];
      short[] q = new short[lead.length];
      for (int j = 0; j < lead.length; j++) {
        long v = Math.round(lead[j] * gain);
        q[j] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
      }
      out[k] = q;
    }
    return out;
  }

  /** Millivolts {@code [lead][sample]} from the stored bytes and per-lead gains. */
  public static float[][] decodeMillivolts(byte[] signal, double[] gain, int nSamples) {
    int leads = gain.length;
    requireLength(signal, leads, nSamples);
    ByteBuffer buf = ByteBuffer.wrap(signal).order(ByteOrder.LITTLE_ENDIAN);
    float[][] out = new float[leads][nSamples];
    for (int k = 0; k < leads; k++) {
      double inv = 1.0 / gain[k];
      for (int j = 0; j < nSamples; j++) {
        out[k][j] = (float) (buf.getShort() * inv);
      }
    }
    return out;
  }

  /**
   * Decodes into a caller-owned flat buffer in NCL order ({@code [lead * nSamples + sample]}),
   * starting at {@code offset}: the allocation-free path used to build inference batches.
   */
  public static void decodeInto(
      byte[] signal, double[] gain, int nSamples, float[] dest, int offset) {
    int leads = gain.length;
    requireLength(signal, leads, nSamples);
    int p = 0;
    int o = offset;
    for (int k = 0; k < leads; k++) {
      double inv = 1.0 / gain[k];
      for (int j = 0; j < nSamples; j++) {
        short v = (short) ((signal[p] & 0xff) | (signal[p + 1] << 8));
        p += 2;
        dest[o++] = (float) (v * inv);
      }
    }
  }

  private static void requireLength(byte[] signal, int leads, int nSamples) {
    if (signal.length != leads * nSamples * 2) {
      throw new IllegalArgumentException(
          "Cannot decode signal: "
              + signal.length
              + " bytes for "
              + leads
              + " leads x "
              + nSamples
              + " samples");
    }
  }
}
