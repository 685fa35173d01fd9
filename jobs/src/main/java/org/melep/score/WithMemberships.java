package org.melep.score;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Gives a pass's partition loop each prediction row with its record's memberships, read from one
 * broadcast map ({@link FoldMembership#byRecord()}) instead of a join: a row whose record is in no
 * fold (or has no targets) is skipped, as an inner join would; the memberships array is shared, not
 * copied per row.
 *
 * @param <B> the loop's output
 */
final class WithMemberships<B> implements MapPartitionsFunction<PredictionProbabilities, B> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<Map<String, int[]>> memberships;
  private final MapPartitionsFunction<ScoringInput, B> loop;

  WithMemberships(
      Broadcast<Map<String, int[]>> memberships, MapPartitionsFunction<ScoringInput, B> loop) {
    this.memberships = memberships;
    this.loop = loop;
  }

  @Override
  public Iterator<B> call(Iterator<PredictionProbabilities> rows) throws Exception {
    return loop.call(joined(rows, memberships.value()));
  }

  /** The rows whose record has memberships, each with them. */
  static Iterator<ScoringInput> joined(
      Iterator<PredictionProbabilities> rows, Map<String, int[]> byRecord) {
    return new Iterator<>() {
      private ScoringInput next = advance();

      private ScoringInput advance() {
        while (rows.hasNext()) {
          PredictionProbabilities p = rows.next();
          int[] m = byRecord.get(p.getRecordId());
          if (m != null) {
            ScoringInput s = new ScoringInput();
            s.setCheckpoint(p.getCheckpoint());
            s.setRecordId(p.getRecordId());
            s.setTheta(p.getTheta());
            s.setMemberships(m);
            return s;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public ScoringInput next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        ScoringInput out = next;
        next = advance();
        return out;
      }
    };
  }
}
