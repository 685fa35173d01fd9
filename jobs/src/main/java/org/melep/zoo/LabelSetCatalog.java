package org.melep.zoo;

import java.util.List;
import org.melep.labels.LabelSets;

/** The zoo's view of the label sets of {@code conf/labels/label-sets.csv} (parsed by {@link LabelSets}). */
public final class LabelSetCatalog {
  private LabelSetCatalog() {}

  /** The labels of a set, in model output order. */
  public static List<String> labels(String set) {
    return LabelSets.defaults().labelSet(set).labels();
  }
}
