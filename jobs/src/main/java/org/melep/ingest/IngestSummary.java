package org.melep.ingest;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of an ingest run: records written per dataset, rejects per dataset and per kind, and
 * the file accounting (every listed file is in a corpus row or a reject).
 */
public record IngestSummary(
    String corpusPath,
    String rejectsPath,
    long listedFiles,
    long accountedFiles,
    Map<String, Long> ingestedByDataset,
    Map<String, Long> rejectedByDataset,
    Map<String, Long> rejectedByKind) {

  public long ingested() {
    return ingestedByDataset.values().stream().mapToLong(Long::longValue).sum();
  }

  public long rejected() {
    return rejectedByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Prints the counts as the CLI shows them. */
  public void print(PrintWriter out) {
    out.printf("Ingested %d records into %s%n", ingested(), corpusPath);
    out.printf("Rejected %d (details in %s)%n", rejected(), rejectsPath);
    out.printf("Input files: %d listed, %d accounted for%n", listedFiles, accountedFiles);
    out.printf("%-16s %10s %10s%n", "dataset", "ingested", "rejected");
    Map<String, Boolean> datasets = new TreeMap<>();
    ingestedByDataset.keySet().forEach(d -> datasets.put(d, true));
    rejectedByDataset.keySet().forEach(d -> datasets.put(d, true));
    for (String d : datasets.keySet()) {
      out.printf(
          "%-16s %10d %10d%n",
          d, ingestedByDataset.getOrDefault(d, 0L), rejectedByDataset.getOrDefault(d, 0L));
    }
    if (!rejectedByKind.isEmpty()) {
      out.printf("%-28s %10s%n", "reject reason", "count");
      new TreeMap<>(rejectedByKind).forEach((k, v) -> out.printf("%-28s %10d%n", k, v));
    }
    out.flush();
  }
}
