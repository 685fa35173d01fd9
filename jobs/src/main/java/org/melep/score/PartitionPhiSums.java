package org.melep.score;

import org.apache.spark.broadcast.Broadcast;
import org.melep.melep.ConditionalTables;
import org.melep.melep.PhiSumsSlab;

/**
 * Pass 2 inside one partition: with the finished conditional tables of pass 1 (one flat {@link
 * ConditionalTables}, broadcast, indexed by group {@code checkpoint * folds + fold}), the phi sums
 * of every group the partition's rows touch, in one {@link PhiSumsSlab}; {@link PhiSumsAggregator}
 * merges these partial states.
 */
public final class PartitionPhiSums
    extends PartitionGroupStates<PartitionPhiSums.States, PhiSumsBuffer> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<ConditionalTables> tables;
  private final ConditionalTables local;

  public PartitionPhiSums(GroupIndex index, Broadcast<ConditionalTables> tables) {
    super(index);
    this.tables = tables;
    this.local = null;
  }

  /** With the tables at hand instead of broadcast (tests, benchmarks without Spark). */
  PartitionPhiSums(GroupIndex index, ConditionalTables tables) {
    super(index);
    this.tables = null;
    this.local = tables;
  }

  /** A partition's sums and the tables they read. */
  static final class States {
    final PhiSumsSlab sums = new PhiSumsSlab();
    final ConditionalTables tables;

    States(ConditionalTables tables) {
      this.tables = tables;
    }
  }

  @Override
  States open() {
    return new States(local != null ? local : tables.value());
  }

  @Override
  int newState(States states, int checkpoint, int fold) {
    int g = checkpoint * index.folds() + fold;
    if (!states.tables.has(g)) {
      throw new IllegalStateException(
          "Cannot run pass 2: no pass-1 table for fold #"
              + fold
              + " and checkpoint #"
              + checkpoint);
    }
    return states.sums.open(index.targetLabels(fold), index.sourceLabels(checkpoint));
  }

  @Override
  void add(
      States states,
      int slot,
      int group,
      double[] theta,
      int[] labels,
      long[] records,
      int from,
      int to) {
    states.sums.add(slot, states.tables, group, theta, labels, records, from, to);
  }

  @Override
  PhiSumsBuffer emit(States states, int slot, int checkpoint, int fold) {
    return PhiSumsBuffer.of(
        fold,
        checkpoint,
        states.sums.targetLabels(slot),
        states.sums.sourceLabels(slot),
        states.sums.n(slot),
        states.sums.logSumsArray(slot));
  }
}
