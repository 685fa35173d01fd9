package org.melep.corpus.preprocess;

import java.util.Locale;

/** How {@code melep ingest} changes the sampling rate ({@code --resample}). */
public enum ResampleMethod {
  /** Anti-aliased band-limited resampling ({@link FirResampler}), the default. */
  FIR,
  /** The authors' every-k-th-sample pick ({@link DecimatingResampler}); aliases. */
  DECIMATE;

  public static ResampleMethod parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot parse resample method: expected fir or decimate: " + value);
    }
  }
}
