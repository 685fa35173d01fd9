package org.melep.simulate;

import java.util.List;
import java.util.Map;

/**
 * One generated record: the corpus columns plus the simulated truth ({@link #conditions}).
 *
 * @param labels positive labels per label set ({@code cpsc}, {@code georgia}, {@code ptbxl}, {@code
 *     csn})
 */
public record SimulatedRecord(
    long index,
    String recordId,
    String dataset,
    long conditions,
    double fs,
    int nSamples,
    byte[] signal,
    List<String> codes,
    Map<String, List<String>> labels,
    Integer age,
    String sex,
    String sourcePath) {}
