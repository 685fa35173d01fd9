package org.melep.score;

import org.apache.spark.broadcast.Broadcast;
import org.melep.melep.ConditionalTable;
import org.melep.melep.PhiSums;

/**
 * Pass 2 inside one partition: with the finished conditional tables of pass 1 (broadcast, indexed
 * [checkpoint][fold]), the {@link PhiSums} of every group the partition's rows touch; {@link
 * PhiSumsAggregator} merges these partial states.
 */
public final class PartitionPhiSums extends PartitionGroupStates<PhiSums, PhiSumsBuffer> {
  private static final long serialVersionUID = 1L;

  private final Broadcast<ConditionalTable[][]> tables;
  private transient ConditionalTable[][] finished;

  public PartitionPhiSums(GroupIndex index, Broadcast<ConditionalTable[][]> tables) {
    super(index);
    this.tables = tables;
  }

  @Override
  void open() {
    finished = tables.value();
  }

  @Override
  PhiSums newState(int checkpoint, int fold) {
    if (finished[checkpoint][fold] == null) {
      throw new IllegalStateException(
          "Cannot run pass 2: no pass-1 table for fold #"
              + fold
              + " and checkpoint #"
              + checkpoint);
    }
    return PhiSums.empty(index.targetLabels(fold), index.sourceLabels(checkpoint));
  }

  @Override
  void add(
      PhiSums state,
      int checkpoint,
      int fold,
      ScoringInput row,
      int[] memberships,
      int from,
      int count) {
    state.add(finished[checkpoint][fold], row.getTheta(), 0, memberships, from, count);
  }

  @Override
  PhiSumsBuffer emit(int checkpoint, int fold, PhiSums state) {
    return PhiSumsBuffer.of(fold, checkpoint, state);
  }
}
