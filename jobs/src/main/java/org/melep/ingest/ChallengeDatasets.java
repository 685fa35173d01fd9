package org.melep.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dataset of a PhysioNet/CinC Challenge 2021 record, from its name's letter prefix: {@code A}
 * CPSC 2018, {@code Q} CPSC-Extra, {@code S} PTB, {@code HR} PTB-XL, {@code E} Georgia, {@code JS}
 * Chapman-Shaoxing-Ningbo (CSN), {@code I} St Petersburg INCART. Other names get the name of the
 * folder holding them.
 */
public final class ChallengeDatasets {
  public static final Map<String, String> BY_PREFIX =
      Map.of(
          "A", "cpsc2018",
          "Q", "cpsc_extra",
          "S", "ptb",
          "HR", "ptbxl",
          "E", "georgia",
          "JS", "csn",
          "I", "incart");

  private static final Pattern PREFIX = Pattern.compile("^([A-Za-z]+)[0-9]");

  private ChallengeDatasets() {}

  /** The dataset of record {@code recordName} found in folder {@code folderName}. */
  public static String of(String recordName, String folderName) {
    Matcher m = PREFIX.matcher(recordName);
    if (m.find()) {
      String ds = BY_PREFIX.get(m.group(1).toUpperCase(Locale.ROOT));
      if (ds != null) {
        return ds;
      }
    }
    return sanitize(folderName);
  }

  /** A dataset name safe as a partition value: lower case letters, digits and {@code _}. */
  public static String sanitize(String name) {
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
    return s.isEmpty() || s.equals("_") ? "unknown" : s;
  }
}
