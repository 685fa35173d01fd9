package org.melep.zoo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The label sets of {@code conf/labels/label-sets.csv} (embedded in the jar as {@code
 * melep/conf/labels/label-sets.csv}): set name to label abbreviations in model output order.
 */
public final class LabelSetCatalog {
  public static final String RESOURCE = "melep/conf/labels/label-sets.csv";

  private LabelSetCatalog() {}

  public static Map<String, List<String>> load() {
    InputStream in = LabelSetCatalog.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("Cannot read label sets: resource missing: " + RESOURCE);
    }
    Map<String, List<String>> sets = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(",", -1);
        sets.computeIfAbsent(parts[0].trim(), k -> new ArrayList<>()).add(parts[1].trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read label sets: " + e.getMessage(), e);
    }
    return sets;
  }

  public static List<String> labels(String set) {
    List<String> labels = load().get(set);
    if (labels == null) {
      throw new IllegalArgumentException("Cannot find label set: " + set + " (known: " + load().keySet() + ")");
    }
    return List.copyOf(labels);
  }
}
