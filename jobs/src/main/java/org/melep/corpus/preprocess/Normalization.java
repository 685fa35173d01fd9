package org.melep.corpus.preprocess;

import java.util.Locale;

/** Per-lead amplitude normalisation ({@code --normalize}). */
public enum Normalization {
  /** Millivolts as recorded (the default). */
  NONE,
  /**
   * Each lead scaled linearly to [-1, 1] by its own minimum and maximum (a flat lead becomes 0).
   */
  MINMAX;

  public static Normalization parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot parse normalisation: expected none or minmax: " + value);
    }
  }
}
