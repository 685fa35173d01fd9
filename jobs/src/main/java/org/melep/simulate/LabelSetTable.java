package org.melep.simulate;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.melep.labels.LabelSet;
import org.melep.labels.LabelSets;

/**
 * The simulator's view of the label sets of {@code conf/labels/label-sets.csv} (parsed once, by
 * {@link LabelSets}): ordered labels per set, the codes of each label, and the code a simulated
 * condition is annotated with.
 */
public final class LabelSetTable implements Serializable {
  private final LabelSets sets;

  private LabelSetTable(LabelSets sets) {
    this.sets = sets;
  }

  /** The table embedded in the jar. */
  public static LabelSetTable embedded() {
    return new LabelSetTable(LabelSets.defaults());
  }

  public Collection<String> setNames() {
    return sets.names();
  }

  /** The labels of a set in model output order. */
  public List<String> labels(String set) {
    return sets.labelSet(set).labels();
  }

  /** The SNOMED codes of one label of a set (empty for sets without codes, e.g. ptbxl). */
  public List<String> codes(String set, String label) {
    return sets.labelSet(set).codes(label);
  }

  /**
   * The code a simulated condition is annotated with: the first code of the first row whose label
   * is the condition's name, or null when no row names it with a code.
   */
  public String codeOf(Condition c) {
    for (String name : sets.names()) {
      LabelSet set = sets.labelSet(name);
      if (set.indexOf(c.name()) >= 0 && !set.codes(c.name()).isEmpty()) {
        return set.codes(c.name()).get(0);
      }
    }
    return null;
  }

  /** The labels of {@code set} with at least one code in {@code codes}, in the set's order. */
  public List<String> labelsForCodes(String set, Collection<String> codes) {
    return sets.labelSet(set).labelsForCodes(codes);
  }
}
