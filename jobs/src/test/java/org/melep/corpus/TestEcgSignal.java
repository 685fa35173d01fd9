package org.melep.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TestEcgSignal {

  @Test
  void quantisesEncodesAndDecodesLeadMajorLittleEndian() {
    float[][] mv = {{0.0f, 1.2345f, -2.5f}, {40.0f, -40.0f, 0.0004f}};
    short[][] digital = EcgSignal.quantise(mv, EcgSignal.DEFAULT_GAIN);
    assertThat(digital[0]).containsExactly((short) 0, (short) 1235, (short) -2500);
    assertThat(digital[1])
        .containsExactly(Short.MAX_VALUE, Short.MIN_VALUE, (short) 0); // clipped, rounded
    byte[] bytes = EcgSignal.encode(digital);
    assertThat(bytes).hasSize(2 * 3 * 2);
    assertThat(bytes[2]).isEqualTo((byte) (1235 & 0xff)); // lead I, sample 1, low byte first
    assertThat(bytes[3]).isEqualTo((byte) (1235 >> 8));
    double[] gain = {EcgSignal.DEFAULT_GAIN, 500.0};
    float[][] back = EcgSignal.decodeMillivolts(bytes, gain, 3);
    assertThat(back[0][1]).isCloseTo(1.235f, within(1e-6f));
    assertThat(back[1][0]).isCloseTo(32767 / 500f, within(1e-4f));
    float[] flat = new float[8];
    EcgSignal.decodeInto(bytes, gain, 3, flat, 2);
    assertThat(flat[3]).isEqualTo(back[0][1]);
    assertThat(flat[5]).isEqualTo(back[1][0]);
  }

  @Test
  void aSignalOfTheWrongSizeIsRejectedWithTheNumbers() {
    byte[] bytes = new byte[10];
    assertThatThrownBy(() -> EcgSignal.decodeMillivolts(bytes, new double[] {1, 1}, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot decode signal: 10 bytes for 2 leads x 3 samples");
    assertThatThrownBy(() -> EcgSignal.decodeInto(bytes, new double[] {1, 1}, 3, new float[6], 0))
        .hasMessage("Cannot decode signal: 10 bytes for 2 leads x 3 samples");
  }
}
