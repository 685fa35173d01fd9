package org.melep.corpus.ptbxl;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of {@code ptbxl_database.csv}.
 *
 * @param age years; PTB-XL writes 300 for patients over 89, stored here as 90; null when absent
 * @param sex {@code M} (PTB-XL 0) or {@code F} (PTB-XL 1), null when absent
 * @param scpCodes SCP-ECG statement -> likelihood
 * @param filenameLr record path of the 100 Hz version relative to the PTB-XL root, no extension
 * @param filenameHr record path of the 500 Hz version
 * @param stratFold {@code strat_fold}, the recommended fold (1-10; 9 and 10 human-validated); null
 *     when empty
 */
public record PtbxlEntry(
    int ecgId,
    Integer age,
    String sex,
    Map<String, Double> scpCodes,
    String filenameLr,
    String filenameHr,
    Integer stratFold,
    int lineNumber)
    implements Serializable {

  /** The record path for a sampling rate of 100 or 500 Hz. */
  public String filename(int rate) {
    return rate == 500 ? filenameHr : filenameLr;
  }
}
