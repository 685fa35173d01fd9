package org.melep.corpus.wfdb;

import java.io.Serializable;

/**
 * One signal line of a WFDB header: {@code file format[xspf][:skew][+offset]
 * gain[(baseline)][/units] resolution zero initial checksum blocksize description}.
 *
 * <p>Physical value = (digital - {@link #baseline()}) / {@link #gain()}, in {@link #units()}.
 */
public record WfdbSignalSpec(
    String fileName,
    int format,
    int samplesPerFrame,
    long byteOffset,
    double gain,
    int baseline,
    String units,
    int adcResolution,
    int adcZero,
    int initialValue,
    Integer checksum,
    String description)
    implements Serializable {}
