package org.melep.corpus.wfdb;

import java.io.Serializable;
import java.util.List;

/**
 * A parsed WFDB header ({@code .hea}): the record line, one {@link WfdbSignalSpec} per signal, and
 * the comment fields the PhysioNet/CinC challenge writes ({@code #Dx:}, {@code #Age:}, {@code
 * #Sex:}).
 *
 * @param nSamples samples per signal as the header states, or 0 when the header leaves it out
 * @param codes the {@code #Dx:} SNOMED CT codes in header order (empty when absent)
 * @param age the {@code #Age:} value, null when absent or not a number ({@code NaN})
 * @param sex {@code M} or {@code F}, null when absent or unknown
 */
public record WfdbHeader(
    String recordName,
    int nSignals,
    double fs,
    int nSamples,
    List<WfdbSignalSpec> signals,
    List<String> codes,
    Integer age,
    String sex,
    List<String> comments)
    implements Serializable {}
