package org.melep.score;

import org.melep.stats.JointCountsSlab;

/**
 * Pass 1 inside one partition: the joint counts of every group the partition's rows touch, in one
 * {@link JointCountsSlab}; {@link JointCountsAggregator} merges these partial states.
 */
public final class PartitionJointCounts
    extends PartitionGroupStates<JointCountsSlab, JointCountsBuffer> {
  private static final long serialVersionUID = 1L;

  public PartitionJointCounts(GroupIndex index) {
    super(index);
  }

  @Override
  JointCountsSlab open() {
    return new JointCountsSlab();
  }

  @Override
  int newState(JointCountsSlab states, int checkpoint, int fold) {
    return states.open(index.targetLabels(fold), index.sourceLabels(checkpoint));
  }

  @Override
  void add(
      JointCountsSlab states,
      int slot,
      int group,
      double[] theta,
      int[] labels,
      long[] records,
      int from,
      int to) {
    states.add(slot, theta, labels, records, from, to);
  }

  @Override
  JointCountsBuffer emit(JointCountsSlab states, int slot, int checkpoint, int fold) {
    return JointCountsBuffer.of(
        fold,
        checkpoint,
        states.targetLabels(slot),
        states.sourceLabels(slot),
        states.n(slot),
        states.positivesArray(slot),
        states.jointArray(slot));
  }
}
