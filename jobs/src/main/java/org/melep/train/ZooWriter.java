package org.melep.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.melep.inference.CheckpointFiles;
import org.melep.zoo.ZooManifest;

/**
 * Adds trained checkpoints to a zoo folder: the model files are written under names that carry
 * their hash (never overwriting a file an existing entry points to), then the manifest ({@code
 * zoo.yaml}) is rewritten aside with the new entries appended (an entry of the same name is
 * replaced) and swapped in, so readers see the old or the new manifest, never a mix.
 */
public final class ZooWriter {
  public static final String MANIFEST = "zoo.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path dir;
  private final Configuration conf;

  public ZooWriter(String dir, Configuration conf) {
    this.dir = new Path(dir);
    this.conf = conf;
  }

  public Path manifest() {
    return new Path(dir, MANIFEST);
  }

  /** Checks an existing manifest reads as a zoo (before any training starts). */
  public void checkExisting() {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(manifest())) {
        ZooManifest.read(manifest().toString(), conf);
      } else if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw new IllegalArgumentException("Cannot write zoo to " + dir + ": not a folder");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code bytes} as {@code <name>-<sha12>.<ext>}; returns the file name and the hash. */
  public String[] writeFile(String name, String ext, byte[] bytes) {
    String sha = CheckpointFiles.sha256(bytes);
    String file = name + "-" + sha.substring(0, 12) + "." + ext;
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(new Path(dir, file), true)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write " + file + " to " + dir + ": " + e.getMessage(), e);
    }
    return new String[] {file, sha};
  }

  /** Writes a JSON file (a training log) into the zoo folder, replacing one of the same name. */
  public void writeLog(String file, Map<String, Object> content) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      try (OutputStream out = fs.create(new Path(dir, file), true)) {
        out.write(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(content));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write " + file + " to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends (or replaces by name) entries, written aside and swapped in; returns the manifest read
   * back.
   */
  public ZooManifest append(List<Map<String, Object>> entries, String description) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.mkdirs(dir);
      ObjectNode root;
      if (fs.exists(manifest())) {
        try (InputStream in = fs.open(manifest())) {
          JsonNode n = YAML.readTree(in.readAllBytes());
          root = (ObjectNode) n;
        }
      } else {
        root = YAML.createObjectNode();
        root.put("description", description);
        root.putArray("checkpoints");
      }
      Set<String> names =
          entries.stream().map(e -> (String) e.get("name")).collect(Collectors.toSet());
      ArrayNode old = (ArrayNode) root.get("checkpoints");
      ArrayNode list = YAML.createArrayNode();
      for (JsonNode e : old) {
        if (!names.contains(e.path("name").asText())) {
          list.add(e);
        }
      }
      for (Map<String, Object> e : entries) {
        list.add(YAML.valueToTree(e));
      }
      root.set("checkpoints", list);
      byte[] text = YAML.writeValueAsBytes(root);
      // the new manifest must read back as a zoo before it replaces the old one
      ZooManifest.parse(
          new String(text, StandardCharsets.UTF_8), manifest().toString(), fs.makeQualified(dir));
      Path staging = new Path(dir, "." + MANIFEST + ".staging-" + UUID.randomUUID());
      try (OutputStream out = fs.create(staging, false)) {
        out.write(text);
      }
      Path previous = new Path(dir, "." + MANIFEST + ".old-" + UUID.randomUUID());
      boolean had = fs.exists(manifest());
      if (had && !fs.rename(manifest(), previous)) {
        throw new IOException("Cannot move the previous manifest aside: " + manifest());
      }
      if (!fs.rename(staging, manifest())) {
        if (had) {
          fs.rename(previous, manifest());
        }
        throw new IOException("Cannot move the new manifest into place: " + staging);
      }
      if (had) {
        fs.delete(previous, false);
      }
      return ZooManifest.read(manifest().toString(), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write zoo manifest " + manifest() + ": " + e.getMessage(), e);
    }
  }
}
