package org.melep.corpus.preprocess;

/** Changes the sampling rate of one lead. Implementations are immutable and thread-safe. */
public interface Resampler {
  /**
   * The first {@code nOut} samples of {@code x} resampled from {@code fsIn} to {@code fsOut}:
   * output sample {@code n} is at input time {@code n * fsIn / fsOut} (in input samples).
   */
  float[] resample(float[] x, double fsIn, double fsOut, int nOut);
}
