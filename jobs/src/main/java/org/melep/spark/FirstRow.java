package org.melep.spark;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The first row of a (filtered) table in partition order, in one Spark job of one stage: each
 * partition stops at its first row. {@code limit(1)} finds the same row, but when the first
 * partitions hold none it runs a job per round of partitions (1, then 4 times more, ...): for a
 * check that usually finds nothing, several jobs of scheduling latency.
 */
public final class FirstRow {
  private FirstRow() {}

  public static Optional<Row> of(Dataset<Row> table) {
    List<Row> firsts = table.toJavaRDD().mapPartitions(FirstRow::first).collect();
    return firsts.isEmpty() ? Optional.empty() : Optional.of(firsts.get(0));
  }

  private static Iterator<Row> first(Iterator<Row> rows) {
    return rows.hasNext() ? List.of(rows.next()).iterator() : List.<Row>of().iterator();
  }
}
