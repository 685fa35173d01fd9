package org.melep.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestDatasetPartitioner {

  @Test
  void givesEachDatasetItsOwnBoundedRangeOfPartitions() {
    // csn: 2500 records at 1000 per file -> 3 partitions; cpsc2018: 10 -> 1; ptbxl: 1000 -> 1
    DatasetPartitioner p =
        new DatasetPartitioner(Map.of("csn", 2500L, "cpsc2018", 10L, "ptbxl", 1000L), 1000);
    assertThat(p.numPartitions()).isEqualTo(5);
    Map<Integer, Set<String>> datasetsByPartition = new HashMap<>();
    Map<Integer, Integer> sizes = new HashMap<>();
    Map<String, Long> counts = Map.of("csn", 2500L, "cpsc2018", 10L, "ptbxl", 1000L);
    counts.forEach(
        (ds, n) -> {
          for (int i = 0; i < n; i++) {
            int part = p.getPartition(ds + "/JS" + i);
            assertThat(part).isBetween(0, 4);
            datasetsByPartition.computeIfAbsent(part, k -> new HashSet<>()).add(ds);
            sizes.merge(part, 1, Integer::sum);
          }
        });
    assertThat(datasetsByPartition.values()).allSatisfy(s -> assertThat(s).hasSize(1));
    assertThat(datasetsByPartition).hasSize(5);
    // hashing spreads csn's 2500 records over its 3 partitions roughly evenly
    datasetsByPartition.forEach(
        (part, ds) -> {
          if (ds.contains("csn")) {
            assertThat(sizes.get(part)).isBetween(700, 1000);
          }
        });
    assertThat(p)
        .isEqualTo(
            new DatasetPartitioner(Map.of("csn", 2500L, "cpsc2018", 10L, "ptbxl", 1000L), 1000));
    assertThat(p).isNotEqualTo(new DatasetPartitioner(Map.of("csn", 2500L), 1000));
  }
}
