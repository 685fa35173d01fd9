package org.melep.corpus.preprocess;

/**
 * A preprocessed 12-lead signal ready for the corpus: digital values {@code [lead][sample]} and the
 * gain of each lead (ADC units per mV, or per normalised unit with {@code minmax}).
 */
public record PreprocessedSignal(short[][] digital, double[] gain, double fs, int nSamples) {}
