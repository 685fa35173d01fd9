package org.melep.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The label sets of {@code conf/labels/label-sets.csv} ({@code label_set,label,snomed_codes}, codes
 * of one class joined by {@code |}): ordered labels per set and the codes of each label.
 */
public final class LabelSetTable implements Serializable {
  /** Classpath location of the embedded default table. */
  public static final String RESOURCE = "melep/conf/labels/label-sets.csv";

  private final Map<String, Map<String, List<String>>> sets;

  private LabelSetTable(Map<String, Map<String, List<String>>> sets) {
    this.sets = sets;
  }

  /** The table embedded in the jar. */
  public static LabelSetTable embedded() {
    InputStream in = LabelSetTable.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("Cannot load label sets: resource missing: " + RESOURCE);
    }
    try (in) {
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load label sets: " + RESOURCE, e);
    }
  }

  static LabelSetTable parse(InputStream in, String name) throws IOException {
    Map<String, Map<String, List<String>>> sets = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] f = t.split(",", -1);
      if (f.length != 3 || f[0].isBlank() || f[1].isBlank()) {
        throw new IllegalArgumentException(
            "Cannot parse label sets: expected label_set,label,snomed_codes at "
                + name
                + ":"
                + lineNo
                + ": "
                + line);
      }
      List<String> codes = new ArrayList<>();
      for (String c : f[2].split("\\|")) {
        if (!c.isBlank()) {
          codes.add(c.strip());
        }
      }
      sets.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>())
          .put(f[1].strip(), List.copyOf(codes));
    }
    return new LabelSetTable(sets);
  }

  public Collection<String> setNames() {
    return sets.keySet();
  }

  /** The labels of a set in model output order. */
  public List<String> labels(String set) {
    return List.copyOf(set(set).keySet());
  }

  /** The SNOMED codes of one label of a set (empty for sets without codes, e.g. ptbxl). */
  public List<String> codes(String set, String label) {
    List<String> c = set(set).get(label);
    if (c == null) {
      throw new IllegalArgumentException(
          "Cannot find label: not in label set " + set + ": " + label);
    }
    return c;
  }

  /**
   * The code a simulated condition is annotated with: the first code of the first row whose label
   * is the condition's name, or null when no row names it with a code.
   */
  public String codeOf(Condition c) {
    for (Map<String, List<String>> set : sets.values()) {
      List<String> codes = set.get(c.name());
      if (codes != null && !codes.isEmpty()) {
        return codes.get(0);
      }
    }
    return null;
  }

  /** The labels of {@code set} with at least one code in {@code codes}, in the set's order. */
  public List<String> labelsForCodes(String set, Collection<String> codes) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : set(set).entrySet()) {
      for (String c : e.getValue()) {
        if (codes.contains(c)) {
          out.add(e.getKey());
          break;
        }
      }
    }
    return out;
  }

  private Map<String, List<String>> set(String set) {
    Map<String, List<String>> s = sets.get(set);
    if (s == null) {
      throw new IllegalArgumentException(
          "Cannot find label set: not in " + RESOURCE + " (known: " + sets.keySet() + "): " + set);
    }
    return s;
  }
}
