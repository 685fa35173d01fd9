package org.melep.stats;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The boundary check the kernels rely on: a record's positive target labels are given as indices
 * sorted ascending without repeats ({@link JointCounts#add}, the pass-2 kernels walk them with one
 * pointer). They are built from a fold's label list, so a list with a repeated label is refused
 * where it is read, naming the fold; the hot loops never check again.
 */
public final class PositiveLabels {
  private PositiveLabels() {}

  /** Throws naming {@code fold} and the label if {@code labels} lists a label twice. */
  public static void requireNoRepeats(String fold, List<String> labels) {
    Set<String> seen = new HashSet<>();
    for (String l : labels) {
      if (!seen.add(l)) {
        throw new IllegalArgumentException(
            "Cannot read the folds table: fold "
                + fold
                + " lists label '"
                + l
                + "' more than once");
      }
    }
  }

  /**
   * Throws naming {@code where} unless {@code indices[from .. from+count)} is strictly ascending
   * and within {@code [0, targetLabels)}.
   */
  public static void requireSortedUnique(
      int[] indices, int from, int count, int targetLabels, String where) {
    int previous = -1;
    for (int p = from; p < from + count; p++) {
      int y = indices[p];
      if (y <= previous || y >= targetLabels) {
        throw new IllegalArgumentException(
            "Cannot use the positive labels of "
                + where
                + ": index "
                + y
                + " at position "
                + (p - from)
                + (y >= targetLabels
                    ? " is not below " + targetLabels
                    : " does not follow " + previous)
                + " (expected ascending, unique indices)");
      }
      previous = y;
    }
  }
}
