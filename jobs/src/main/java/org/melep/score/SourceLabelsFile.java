package org.melep.score;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A side file naming each checkpoint's ordered source labels, for predictions tables without a
 * {@code source_labels} column: YAML or JSON, a plain map {@code checkpoint: [label, ...]} read as
 * data (no type tags).
 */
public final class SourceLabelsFile {
  private SourceLabelsFile() {}

  public static Map<String, List<String>> read(String path, Configuration conf) {
    Path p = new Path(path);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      Map<String, List<String>> parsed =
          yaml.readValue(in, new TypeReference<LinkedHashMap<String, List<String>>>() {});
      if (parsed == null || parsed.isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot read source labels from " + path + ": the file is empty");
      }
      parsed.forEach(
          (checkpoint, labels) -> {
            if (labels == null || labels.isEmpty() || labels.contains(null)) {
              throw new IllegalArgumentException(
                  "Cannot read source labels from "
                      + path
                      + ": checkpoint "
                      + checkpoint
                      + " has no label list");
            }
          });
      return parsed;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read source labels from " + path + ": " + e.getMessage(), e);
    }
  }
}
