package org.melep.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A melep configuration file, read as plain data: nested maps of names (commands, then options)
 * whose leaves are scalars (kept as their text) or lists of scalars.
 *
 * <p>The YAML is read token by token, never bound to Java types: tags ({@code !!java.net.URL}),
 * anchors and aliases, duplicate keys, several documents, lists of maps and files over {@link
 * #MAX_BYTES} are rejected with a message naming the file and the key. What the names mean is
 * checked by {@link ConfigDefaults} against the command line's model.
 */
public final class ConfigFile {
  /** Largest configuration file read (1 MiB). */
  public static final int MAX_BYTES = 1 << 20;

  /** Deepest nesting of maps (command, subcommand, option). */
  static final int MAX_DEPTH = 8;

  private static final YAMLFactory YAML = new YAMLFactory();

  private final String source;
  private final Map<String, Object> values;

  private ConfigFile(String source, Map<String, Object> values) {
    this.source = source;
    this.values = values;
  }

  /** Reads and checks a configuration file. */
  public static ConfigFile read(Path file) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Cannot read config file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read config file " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "Cannot read config file " + file + ": larger than " + MAX_BYTES + " bytes");
    }
    return parse(file.toString(), bytes);
  }

  /** Parses YAML text; {@code source} names it in messages. */
  public static ConfigFile parse(String source, byte[] yaml) {
    try (YAMLParser p = YAML.createParser(yaml)) {
      JsonToken first = next(p, source, "");
      if (first == null) {
        return new ConfigFile(source, Map.of());
      }
      if (first == JsonToken.VALUE_NULL) {
        return finish(p, source, Map.of());
      }
      if (first != JsonToken.START_OBJECT) {
        throw error(
            source,
            "",
            "expected a map of command names to their options, found " + describe(first));
      }
      return finish(p, source, readMap(p, source, "", 1));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          "Cannot read config file "
              + source
              + ": invalid YAML"
              + (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read config file " + source + ": " + e.getMessage(), e);
    }
  }

  /** The file as given (for messages). */
  public String source() {
    return source;
  }

  /**
   * The top-level map: values are {@code Map<String, Object>} (nested sections, unmodifiable),
   * {@code String} (a scalar's text), {@code List<String>} or {@code null} (an empty entry).
   */
  public Map<String, Object> values() {
    return values;
  }

  private static ConfigFile finish(YAMLParser p, String source, Map<String, Object> values)
      throws IOException {
    if (next(p, source, "") != null) {
      throw error(source, "", "more than one YAML document");
    }
    return new ConfigFile(source, values);
  }

  private static Map<String, Object> readMap(YAMLParser p, String source, String path, int depth)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw error(source, path, "maps nested deeper than " + MAX_DEPTH);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (JsonToken t = next(p, source, path);
        t != JsonToken.END_OBJECT;
        t = next(p, source, path)) {
      String key = p.currentName();
      String at = path.isEmpty() ? key : path + "." + key;
      if (map.containsKey(key)) {
        throw error(source, at, "duplicate key");
      }
      JsonToken v = next(p, source, at);
      switch (v) {
        case START_OBJECT -> map.put(key, readMap(p, source, at, depth + 1));
        case START_ARRAY -> map.put(key, readList(p, source, at));
        case VALUE_NULL -> map.put(key, null);
        default -> map.put(key, scalar(p, v, source, at));
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static List<String> readList(YAMLParser p, String source, String path)
      throws IOException {
    List<String> list = new ArrayList<>();
    for (JsonToken t = next(p, source, path); t != JsonToken.END_ARRAY; t = next(p, source, path)) {
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY || t == JsonToken.VALUE_NULL) {
        throw error(source, path, "a list holds plain values only, found " + describe(t));
      }
      list.add(scalar(p, t, source, path));
    }
    return Collections.unmodifiableList(list);
  }

  private static String scalar(YAMLParser p, JsonToken t, String source, String path)
      throws IOException {
    return switch (t) {
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
      default -> throw error(source, path, "unexpected " + describe(t));
    };
  }

  /** The next token, refusing what plain data does not have: tags, anchors, aliases. */
  private static JsonToken next(YAMLParser p, String source, String path) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      return null;
    }
    String at =
        t == JsonToken.FIELD_NAME ? (path.isEmpty() ? "" : path + ".") + p.currentName() : path;
    if (p.isCurrentAlias()) {
      throw error(source, at, "YAML aliases are not allowed: *" + p.getText());
    }
    String tag = p.getTypeId();
    if (tag != null) {
      throw error(source, at, "YAML tags are not allowed: !" + tag);
    }
    String anchor = p.getObjectId();
    if (anchor != null) {
      throw error(source, at, "YAML anchors are not allowed: &" + anchor);
    }
    return t;
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "a map";
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "an empty value";
      default -> "a plain value";
    };
  }

  static IllegalArgumentException error(String source, String path, String why) {
    return new IllegalArgumentException(
        "Cannot read config file " + source + (path.isEmpty() ? "" : ": key " + path) + ": " + why);
  }
}
