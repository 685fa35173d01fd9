package org.melep.train;

import java.util.Arrays;

/** Area under the ROC curve by ranks (Mann-Whitney), ties counted half. */
final class Auroc {
  private Auroc() {}

  /** NaN when the records hold only one class. */
  static double of(float[] scores, boolean[] truth, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
    long pos = 0;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1; // average 1-based rank of the tie group
      for (int k = i; k <= j; k++) {
        if (truth[order[k]]) {
          pos++;
          rankSum += rank;
        }
      }
      i = j + 1;
    }
    long neg = n - pos;
    if (pos == 0 || neg == 0) {
      return Double.NaN;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
