package org.melep.score;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a scoring run, shipped to every task: folds and checkpoints by index, with the
 * number of target labels Y of each fold and source labels Z of each checkpoint.
 */
public final class GroupIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Integer> checkpointIndex = new HashMap<>();
  private final int[] targetLabels;
  private final int[] sourceLabels;

  public GroupIndex(
      List<Integer> targetLabelsPerFold,
      List<String> checkpoints,
      List<Integer> sourceLabelsPerCheckpoint) {
    targetLabels = targetLabelsPerFold.stream().mapToInt(Integer::intValue).toArray();
    sourceLabels = sourceLabelsPerCheckpoint.stream().mapToInt(Integer::intValue).toArray();
    for (int c = 0; c < checkpoints.size(); c++) {
      checkpointIndex.put(checkpoints.get(c), c);
    }
  }

  public int folds() {
    return targetLabels.length;
  }

  public int checkpoints() {
    return sourceLabels.length;
  }

  public int checkpoint(String name) {
    Integer c = checkpointIndex.get(name);
    if (c == null) {
      throw new IllegalStateException("Cannot score: unknown checkpoint " + name);
    }
    return c;
  }

  public int targetLabels(int fold) {
    return targetLabels[fold];
  }

  public int sourceLabels(int checkpoint) {
    return sourceLabels[checkpoint];
  }

  /** One long key per group, for grouping partial states. */
  public static long key(int fold, int checkpoint) {
    return ((long) fold << 32) | (checkpoint & 0xffffffffL);
  }
}
