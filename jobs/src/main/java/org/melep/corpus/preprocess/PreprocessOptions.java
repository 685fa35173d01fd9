package org.melep.corpus.preprocess;

import java.io.Serializable;

/**
 * The preprocessing of {@code melep ingest}: resample to {@code fs} Hz, keep the first {@code
 * seconds} seconds, normalise.
 */
public record PreprocessOptions(
    double fs, double seconds, ResampleMethod resample, Normalization normalization)
    implements Serializable {

  /** The paper's preprocessing with the anti-aliasing resampler: 100 Hz, 10 s, no normalisation. */
  public static final PreprocessOptions DEFAULT =
      new PreprocessOptions(100, 10, ResampleMethod.FIR, Normalization.NONE);

  public PreprocessOptions {
    if (!(fs > 0) || Double.isInfinite(fs)) {
      throw new IllegalArgumentException("Cannot preprocess: --fs must be positive: " + fs);
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException(
          "Cannot preprocess: --seconds must be positive: " + seconds);
    }
    if (resample == null || normalization == null) {
      throw new IllegalArgumentException(
          "Cannot preprocess: resample and normalisation are required");
    }
  }

  /** Samples per lead after preprocessing. */
  public int outputSamples() {
    return (int) Math.round(fs * seconds);
  }
}
