package org.melep.simulate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.melep.labels.LabelSets;

/**
 * Annotates a record's conditions as an ingested record would be: the SNOMED CT codes the dataset
 * annotates, and each label set's column derived from those codes through {@code label-sets.csv},
 * as ingest derives them. {@code labels_ptbxl} (a set without codes) comes from the conditions via
 * {@link SimulationConfig#ptbxlSuperclasses}, for datasets with {@code ptbxl_labels}.
 */
public final class LabelCoder implements Serializable {
  private static final Condition[] CONDITIONS = Condition.values();

  /** Code per condition ordinal, null when the dataset does not annotate it. */
  private final String[] code;

  private final boolean normOnlyIfNoFinding;
  private final List<String> codedSets;

  /** Per coded set: its labels, and per label the mask of conditions whose code maps to it. */
  private final Map<String, List<String>> setLabels = new LinkedHashMap<>();

  private final Map<String, long[]> setMasks = new LinkedHashMap<>();
  private final List<String> superclasses;
  private final long[] superclassMasks;
  private final boolean ptbxlLabels;

  public LabelCoder(SimulationConfig config, DatasetProfile profile, LabelSets table) {
    code = new String[CONDITIONS.length];
    for (Condition c : CONDITIONS) {
      String cd = table.firstCode(c.name());
      if (cd == null) {
        continue;
      }
      if ("all".equals(profile.annotates)
          || !table.labelSet(profile.annotates).labelsForCodes(List.of(cd)).isEmpty()) {
        code[c.ordinal()] = cd;
      }
    }
    normOnlyIfNoFinding = profile.normOnlyIfNoFinding;
    codedSets = new ArrayList<>();
    for (String set : org.melep.corpus.CorpusSchema.LABEL_SETS) {
      if (set.equals("ptbxl")) {
        continue;
      }
      codedSets.add(set);
      List<String> labels = table.labelSet(set).labels();
      long[] masks = new long[labels.size()];
      for (int i = 0; i < labels.size(); i++) {
        List<String> codes = table.labelSet(set).codes(labels.get(i));
        for (Condition c : CONDITIONS) {
          String cd = table.firstCode(c.name());
          if (cd != null && codes.contains(cd)) {
            masks[i] |= c.bit();
          }
        }
      }
      setLabels.put(set, labels);
      setMasks.put(set, masks);
    }
    ptbxlLabels = profile.ptbxlLabels;
    superclasses = table.labelSet("ptbxl").labels();
    superclassMasks = new long[superclasses.size()];
    for (int i = 0; i < superclasses.size(); i++) {
      List<String> conds = config.ptbxlSuperclasses.get(superclasses.get(i));
      if (conds != null) {
        for (String c : conds) {
          superclassMasks[i] |= Condition.parse(c).bit();
        }
      }
    }
  }

  /**
   * The conditions that make label {@code label} of {@code set} positive in this dataset's records,
   * as a {@link Condition} mask: for a coded set, the conditions the dataset codes whose code
   * belongs to the label; for {@code ptbxl}, the superclass's conditions (none when the dataset has
   * no {@code ptbxl_labels}, and none for NORM, which is the absence of the others). The NORM rule
   * of {@code norm_only_if_no_finding} restricts when NORM is coded, not what drives it.
   */
  public long drivers(String set, String label) {
    if (set.equals("ptbxl")) {
      int i = superclasses.indexOf(label);
      if (i < 0) {
        throw new IllegalArgumentException(
            "Cannot find label: not in set ptbxl (known: " + superclasses + "): " + label);
      }
      return ptbxlLabels ? superclassMasks[i] : 0L;
    }
    List<String> labels = setLabels.get(set);
    if (labels == null) {
      throw new IllegalArgumentException(
          "Cannot find label set: unknown (known: " + setLabels.keySet() + "): " + set);
    }
    int i = labels.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Cannot find label: not in set " + set + " (known: " + labels + "): " + label);
    }
    long coded = 0;
    for (Condition c : CONDITIONS) {
      if (code[c.ordinal()] != null) {
        coded |= c.bit();
      }
    }
    return setMasks.get(set)[i] & coded;
  }

  /** The mask of the conditions the dataset codes, after the NORM rule. */
  public long codedMask(long mask) {
    long coded = 0;
    for (Condition c : CONDITIONS) {
      if (c.in(mask) && code[c.ordinal()] != null) {
        coded |= c.bit();
      }
    }
    if (normOnlyIfNoFinding && coded != Condition.NORM.bit()) {
      coded &= ~Condition.NORM.bit();
    }
    return coded;
  }

  /** The SNOMED CT codes of a record. */
  public List<String> codes(long mask) {
    long coded = codedMask(mask);
    List<String> out = new ArrayList<>();
    for (Condition c : CONDITIONS) {
      if (c.in(coded)) {
        out.add(code[c.ordinal()]);
      }
    }
    return out;
  }

  /**
   * The positive labels of {@code set} ({@code cpsc}, {@code georgia}, {@code ptbxl}, {@code csn}).
   */
  public List<String> labels(String set, long mask) {
    List<String> out = new ArrayList<>();
    if (set.equals("ptbxl")) {
      if (!ptbxlLabels) {
        return out;
      }
      int normIndex = -1;
      for (int i = 0; i < superclasses.size(); i++) {
        if (superclasses.get(i).equals("NORM")) {
          normIndex = i;
        } else if ((mask & superclassMasks[i]) != 0) {
          out.add(superclasses.get(i));
        }
      }
      if (out.isEmpty() && normIndex >= 0) {
        out.add("NORM");
      }
      return out;
    }
    long coded = codedMask(mask);
    List<String> labels = setLabels.get(set);
    long[] masks = setMasks.get(set);
    if (labels == null) {
      throw new IllegalArgumentException(
          "Cannot label record: unknown label set (known: " + setLabels.keySet() + "): " + set);
    }
    for (int i = 0; i < labels.size(); i++) {
      if ((coded & masks[i]) != 0) {
        out.add(labels.get(i));
      }
    }
    return out;
  }
}
