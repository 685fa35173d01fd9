package org.melep.transfer.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.melep.transfer.FeatureStats;

/**
 * The shape of a feature-scoring run, shipped to every task: folds (with their number of target
 * labels Y) and checkpoints (with their feature count D and source label count Z) by index, and
 * which parts of the state the chosen metrics need.
 */
public final class FeatureGroups implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Integer> checkpointIndex = new HashMap<>();
  private final int[] targetLabels;
  private final int[] features;
  private final int[] sourceLabels;
  private final boolean[] withGram;

  public FeatureGroups(
      List<Integer> targetLabelsPerFold,
      List<String> checkpoints,
      List<Integer> featuresPerCheckpoint,
      List<Integer> sourceLabelsPerCheckpoint,
      boolean withGram) {
    this(
        targetLabelsPerFold,
        checkpoints,
        featuresPerCheckpoint,
        sourceLabelsPerCheckpoint,
        checkpoints.stream().map(c -> withGram).toList());
  }

  /** As above, whether each checkpoint's states keep the Gram matrix given per checkpoint. */
  public FeatureGroups(
      List<Integer> targetLabelsPerFold,
      List<String> checkpoints,
      List<Integer> featuresPerCheckpoint,
      List<Integer> sourceLabelsPerCheckpoint,
      List<Boolean> withGramPerCheckpoint) {
    targetLabels = targetLabelsPerFold.stream().mapToInt(Integer::intValue).toArray();
    features = featuresPerCheckpoint.stream().mapToInt(Integer::intValue).toArray();
    sourceLabels = sourceLabelsPerCheckpoint.stream().mapToInt(Integer::intValue).toArray();
    withGram = new boolean[withGramPerCheckpoint.size()];
    for (int c = 0; c < withGram.length; c++) {
      withGram[c] = withGramPerCheckpoint.get(c);
    }
    for (int c = 0; c < checkpoints.size(); c++) {
      checkpointIndex.put(checkpoints.get(c), c);
    }
  }

  public int folds() {
    return targetLabels.length;
  }

  public int checkpoints() {
    return features.length;
  }

  public int checkpoint(String name) {
    Integer c = checkpointIndex.get(name);
    if (c == null) {
      throw new IllegalStateException("Cannot score: unknown checkpoint " + name);
    }
    return c;
  }

  public FeatureStats newState(int checkpoint, int fold) {
    return FeatureStats.empty(
        features[checkpoint], targetLabels[fold], sourceLabels[checkpoint], withGram[checkpoint]);
  }

  public static long key(int fold, int checkpoint) {
    return ((long) fold << 32) | (checkpoint & 0xffffffffL);
  }
}
