package org.melep.ingest;

import java.util.List;

/**
 * A 12-lead recording as read from its source files, before preprocessing: leads in {@link
 * org.melep.corpus.CorpusSchema#LEADS} order, in millivolts, with each lead's source gain (ADC
 * units per mV) and the header's labels and demographics.
 */
public record SourceRecord(
    String recordName,
    double fs,
    float[][] millivolts,
    double[] gain,
    List<String> codes,
    Integer age,
    String sex) {

  public int nSamples() {
    return millivolts[0].length;
  }
}
