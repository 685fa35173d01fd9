package org.melep.score;

import org.melep.stats.JointCounts;

/**
 * Pass 1 inside one partition: the {@link JointCounts} of every group the partition's rows touch;
 * {@link JointCountsAggregator} merges these partial states.
 */
public final class PartitionJointCounts
    extends PartitionGroupStates<JointCounts, JointCountsBuffer> {
  private static final long serialVersionUID = 1L;

  public PartitionJointCounts(GroupIndex index) {
    super(index);
  }

  @Override
  JointCounts newState(int checkpoint, int fold) {
    return JointCounts.empty(index.targetLabels(fold), index.sourceLabels(checkpoint));
  }

  @Override
  void add(
      JointCounts state,
      int checkpoint,
      int fold,
      ScoringInput row,
      int[] memberships,
      int from,
      int count) {
    state.add(row.getTheta(), 0, memberships, from, count);
  }

  @Override
  JointCountsBuffer emit(int checkpoint, int fold, JointCounts state) {
    return JointCountsBuffer.of(fold, checkpoint, state);
  }
}
