package org.melep.labels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One label set (a model's output classes): labels in model output order, each with the SNOMED CT
 * codes that mean it (codes joined by {@code |} in {@code conf/labels/label-sets.csv} are one
 * class, as the Challenge 2021 scores them). A label may have no codes (PTB-XL superclasses, which
 * are matched by name).
 */
public final class LabelSet implements Serializable {
  private final String name;
  private final List<String> labels;
  private final Map<String, List<String>> codesByLabel;

  LabelSet(String name, LinkedHashMap<String, List<String>> codesByLabel) {
    this.name = name;
    this.labels = List.copyOf(codesByLabel.keySet());
    LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
    codesByLabel.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.codesByLabel = copy;
  }

  public String name() {
    return name;
  }

  /** The labels in model output order. */
  public List<String> labels() {
    return labels;
  }

  public int size() {
    return labels.size();
  }

  /** Position of {@code label} in {@link #labels()}, -1 if absent. */
  public int indexOf(String label) {
    return labels.indexOf(label);
  }

  /** The SNOMED CT codes of {@code label} (empty for labels matched by name only). */
  public List<String> codes(String label) {
    List<String> c = codesByLabel.get(label);
    if (c == null) {
      throw new IllegalArgumentException("Cannot find label in label set " + name + ": " + label);
    }
    return c;
  }

  /** The labels, in set order, having at least one of the given SNOMED CT codes. */
  public List<String> labelsForCodes(Collection<String> codes) {
    Set<String> given = new HashSet<>(codes);
    List<String> out = new ArrayList<>();
    for (String label : labels) {
      for (String c : codesByLabel.get(label)) {
        if (given.contains(c)) {
          out.add(label);
          break;
        }
      }
    }
    return out;
  }

  /** The labels, in set order, whose name is among {@code names} (e.g. PTB-XL superclasses). */
  public List<String> labelsForNames(Collection<String> names) {
    Set<String> given = new HashSet<>(names);
    List<String> out = new ArrayList<>();
    for (String label : labels) {
      if (given.contains(label)) {
        out.add(label);
      }
    }
    return out;
  }

  /**
   * A record's positive labels, in set order: a label with SNOMED CT codes is positive when the
   * record has one of them; a label without codes (a PTB-XL superclass) when its name is among the
   * record's {@code classNames}.
   */
  public List<String> labelsFor(Collection<String> codes, Collection<String> classNames) {
    Set<String> givenCodes = new HashSet<>(codes);
    Set<String> givenNames = new HashSet<>(classNames);
    List<String> out = new ArrayList<>();
    for (String label : labels) {
      List<String> c = codesByLabel.get(label);
      boolean positive =
          c.isEmpty() ? givenNames.contains(label) : c.stream().anyMatch(givenCodes::contains);
      if (positive) {
        out.add(label);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "LabelSet(" + name + ", " + labels + ")";
  }
}
