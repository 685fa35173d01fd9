package org.melep.labels;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured label sets, loaded from a CSV file ({@code label_set,label,snomed_codes}, lines
 * starting with {@code #} are comments, codes joined by {@code |} are one class). The defaults are
 * {@code conf/labels/label-sets.csv}, embedded in the jar as {@value #DEFAULT_RESOURCE}.
 *
 * <pre>{@code
 * LabelSets sets = LabelSets.defaults();
 * List<String> csn = sets.labelSet("csn").labels();           // model output order
 * Map<String, List<String>> byset = sets.labelsForCodes(codes); // positive labels per set
 * }</pre>
 */
public final class LabelSets implements Serializable {
  /** Classpath location of the default label sets. */
  public static final String DEFAULT_RESOURCE = "melep/conf/labels/label-sets.csv";

  private final Map<String, LabelSet> sets;

  private LabelSets(Map<String, LabelSet> sets) {
    this.sets = sets;
  }

  /** The label sets shipped in {@code conf/labels/label-sets.csv}. */
  public static LabelSets defaults() {
    try (InputStream in = LabelSets.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot load label sets: resource not on the classpath: " + DEFAULT_RESOURCE);
      }
      return parse(DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load label sets: " + DEFAULT_RESOURCE, e);
    }
  }

  /** The label sets of a local CSV file. */
  public static LabelSets load(Path path) {
    try {
      return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot load label sets: cannot read file: " + path, e);
    }
  }

  /** The label sets of a local CSV file, or the defaults when {@code path} is null. */
  public static LabelSets load(String path) {
    return path == null ? defaults() : load(Path.of(path));
  }

  /** Parses the CSV text; {@code source} names it in errors. */
  public static LabelSets parse(String source, String text) {
    Map<String, LinkedHashMap<String, List<String>>> rows = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw new IllegalArgumentException(
            "Cannot load label sets: "
                + source
                + " line "
                + (i + 1)
                + " has "
                + f.length
                + " fields, expected 3 (label_set,label,snomed_codes): "
                + line);
      }
      String set = f[0].trim();
      String label = f[1].trim();
      if (set.isEmpty() || label.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot load label sets: "
                + source
                + " line "
                + (i + 1)
                + " has an empty label set or label: "
                + line);
      }
      List<String> codes = new ArrayList<>();
      for (String c : f[2].split("\\|")) {
        if (!c.isBlank()) {
          codes.add(c.trim());
        }
      }
      LinkedHashMap<String, List<String>> labels =
          rows.computeIfAbsent(set, k -> new LinkedHashMap<>());
      if (labels.containsKey(label)) {
        throw new IllegalArgumentException(
            "Cannot load label sets: "
                + source
                + " line "
                + (i + 1)
                + " repeats label "
                + label
                + " of set "
                + set);
      }
      labels.put(label, codes);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("Cannot load label sets: no label sets in " + source);
    }
    Map<String, LabelSet> sets = new LinkedHashMap<>();
    rows.forEach((name, labels) -> sets.put(name, new LabelSet(name, labels)));
    return new LabelSets(sets);
  }

  /** The set names in file order. */
  public List<String> names() {
    return List.copyOf(sets.keySet());
  }

  public boolean contains(String name) {
    return sets.containsKey(name);
  }

  /** The label set {@code name}; fails naming the known sets when absent. */
  public LabelSet labelSet(String name) {
    LabelSet s = sets.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "Cannot find label set: known sets are " + sets.keySet() + ": " + name);
    }
    return s;
  }

  /**
   * The first code of the first set (in file order) whose label {@code label} has codes, or null
   * when no set gives that label a code (e.g. the simulator's condition to code mapping).
   */
  public String firstCode(String label) {
    for (LabelSet set : sets.values()) {
      if (set.indexOf(label) >= 0 && !set.codes(label).isEmpty()) {
        return set.codes(label).get(0);
      }
    }
    return null;
  }

  /** Positive labels of every set for a record's SNOMED CT codes: set name -> labels in order. */
  public Map<String, List<String>> labelsForCodes(Collection<String> codes) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    sets.forEach((name, set) -> out.put(name, set.labelsForCodes(codes)));
    return out;
  }

  @Override
  public String toString() {
    return "LabelSets" + Arrays.toString(sets.values().toArray());
  }
}
