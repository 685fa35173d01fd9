package org.melep.fold;

import java.util.List;

/**
 * One drawn fold: its target labels (in label-set order), its train and test record ids, and the
 * positives of each label in each split.
 *
 * @param attempt the draw that was kept (0: the first; more when flagged draws were redrawn)
 * @param eligible how many records had a positive among the fold's labels
 * @param flagged whether a label has no positive in a split (kept only with redraw off)
 * @param flagReason why it is flagged, or null
 */
public record Fold(
    int foldId,
    int attempt,
    List<String> labels,
    long eligible,
    List<String> train,
    List<String> test,
    int[] trainPositives,
    int[] testPositives,
    boolean flagged,
    String flagReason) {

  public int nLabels() {
    return labels.size();
  }
}
