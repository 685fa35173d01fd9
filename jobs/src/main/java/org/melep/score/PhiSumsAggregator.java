package org.melep.score;

import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.expressions.Aggregator;
import org.melep.melep.ConditionalTable;
import org.melep.melep.PhiSums;

/**
 * Pass 2 of MELEP as a typed Spark {@link Aggregator}: sums {@code log} of the expected
 * prediction's likelihood per (y, z) for one group, using the group's finished {@link
 * ConditionalTable} shipped to the executors in a broadcast.
 */
public class PhiSumsAggregator extends Aggregator<ScoringInput, PhiSumsBuffer, PhiSumsBuffer> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<Map<String, ConditionalTable>> tables;

  public PhiSumsAggregator(Broadcast<Map<String, ConditionalTable>> tables) {
    this.tables = tables;
  }

  @Override
  public PhiSumsBuffer zero() {
    return new PhiSumsBuffer();
  }

  @Override
  public PhiSumsBuffer reduce(PhiSumsBuffer buffer, ScoringInput row) {
    if (!buffer.isShaped()) {
      buffer.shape(row.groupKey(), lookup(row.groupKey()));
    } else if (buffer.table() == null) {
      buffer.table(lookup(buffer.getGroupKey()));
    }
    int[] pos = row.getPositives();
    PhiSums sums = buffer.sums();
    sums.add(buffer.table(), row.getTheta(), 0, pos, pos.length);
    buffer.setN(sums.n());
    return buffer;
  }

  private ConditionalTable lookup(String key) {
    ConditionalTable t = tables.value().get(key);
    if (t == null) {
      throw new IllegalStateException("Cannot run pass 2: no pass-1 table for group " + key.replace('\u0000', '/'));
    }
    return t;
  }

  @Override
  public PhiSumsBuffer merge(PhiSumsBuffer a, PhiSumsBuffer b) {
    if (!b.isShaped()) {
      return a;
    }
    if (!a.isShaped()) {
      return b;
    }
    PhiSums merged = a.sums().merge(b.sums());
    a.setN(merged.n());
    return a;
  }

  @Override
  public PhiSumsBuffer finish(PhiSumsBuffer buffer) {
    return buffer;
  }

  @Override
  public Encoder<PhiSumsBuffer> bufferEncoder() {
    return PhiSumsBuffer.ENCODER;
  }

  @Override
  public Encoder<PhiSumsBuffer> outputEncoder() {
    return PhiSumsBuffer.ENCODER;
  }
}
