package org.melep.zoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.melep.corpus.CorpusSchema;
import org.melep.model.Architecture;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.Layer;
import org.melep.model.ResNet1dArchitecture;

/**
 * The checkpoint zoo: a YAML (or JSON) file listing checkpoints, read as plain data (no type tags,
 * no classes named by the file) and validated field by field. See {@code docs/zoo.md} and {@code
 * conf/zoo.example.yaml} for the format.
 *
 * @param source where the manifest was read from (named in error messages)
 */
public record ZooManifest(String source, List<CheckpointSpec> checkpoints) implements Serializable {
  /** Longest manifest read, in bytes: a manifest is a short text file. */
  public static final int MAX_BYTES = 4 << 20;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Set<String> TOP_FIELDS = Set.of("checkpoints", "description");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "uri",
          "sha256",
          "format",
          "input",
          "output",
          "labels",
          "architecture",
          "label_set",
          "description",
          "parameters",
          "features");
  private static final Set<String> INPUT_FIELDS =
      Set.of("fs", "samples", "leads", "layout", "normalize");

  public ZooManifest {
    checkpoints = List.copyOf(checkpoints);
    Set<String> seen = new HashSet<>();
    for (CheckpointSpec c : checkpoints) {
      if (!NAME.matcher(c.name()).matches()) {
        throw new IllegalArgumentException(
            "Cannot use zoo "
                + source
                + ": checkpoint name must match "
                + NAME.pattern()
                + ": "
                + c.name());
      }
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException(
            "Cannot use zoo " + source + ": duplicate checkpoint name: " + c.name());
      }
    }
  }

  public Optional<CheckpointSpec> find(String name) {
    return checkpoints.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Reads and validates the manifest at {@code path} (any Hadoop file system). */
  public static ZooManifest read(String path, Configuration conf) {
    Path p = new Path(path);
    byte[] bytes;
    try {
      FileSystem fs = PlainFiles.of(p, conf);
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("Cannot read zoo manifest " + path + ": no such file");
      }
      if (fs.getFileStatus(p).getLen() > MAX_BYTES) {
        throw new IllegalArgumentException(
            "Cannot read zoo manifest " + path + ": larger than " + MAX_BYTES + " bytes");
      }
      try (InputStream in = fs.open(p)) {
        bytes = in.readAllBytes();
      }
      p = fs.makeQualified(p);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read zoo manifest " + path + ": " + e.getMessage(), e);
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), path, p.getParent());
  }

  /**
   * Parses manifest text; relative checkpoint {@code uri}s are resolved against {@code base} (the
   * manifest's folder).
   */
  public static ZooManifest parse(String text, String source, Path base) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot read zoo manifest "
              + source
              + ": not valid YAML/JSON: "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "Cannot read zoo manifest " + source + ": expected a mapping with a 'checkpoints' list");
    }
    checkFields(root, TOP_FIELDS, source, "the manifest");
    JsonNode list = root.get("checkpoints");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot read zoo manifest " + source + ": 'checkpoints' must be a non-empty list");
    }
    List<CheckpointSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String where = "checkpoint #" + (i + 1);
      if (node.isObject() && node.path("name").isTextual()) {
        where += " (" + node.get("name").asText() + ")";
      }
      CheckpointSpec spec = new Entry(source, where, node).parse(base);
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException(
            "Cannot read zoo manifest "
                + source
                + ": "
                + where
                + ": duplicate name: "
                + spec.name());
      }
      out.add(spec);
    }
    return new ZooManifest(source, out);
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String source, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException(
            "Cannot read zoo manifest "
                + source
                + ": "
                + where
                + ": unknown field '"
                + f
                + "' (allowed: "
                + new java.util.TreeSet<>(allowed)
                + ")");
      }
    }
  }

  /** One list entry being validated; every error names the manifest and the entry. */
  private record Entry(String source, String where, JsonNode node) {

    CheckpointSpec parse(Path base) {
      if (!node.isObject()) {
        throw fail("expected a mapping, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
      }
      checkFields(node, FIELDS, source, where);
      String name = text(node, "name");
      if (!NAME.matcher(name).matches()) {
        throw fail("name must match " + NAME.pattern() + ": " + name);
      }
      String uri = text(node, "uri");
      String sha = text(node, "sha256");
      if (!SHA256.matcher(sha).matches()) {
        throw fail("sha256 must be 64 hex digits: " + sha);
      }
      ModelFormat format = choice(node, "format", ModelFormat.class);
      InputContract input = input(required(node, "input"));
      CheckpointSpec.OutputKind output = choice(node, "output", CheckpointSpec.OutputKind.class);
      List<String> labels = strings(node, "labels");
      if (labels.isEmpty()) {
        throw fail("labels must not be empty");
      }
      Architecture architecture = null;
      if (node.has("architecture") && !node.get("architecture").isNull()) {
        architecture = architecture(node.get("architecture"), input, labels.size());
      } else if (format == ModelFormat.DJL) {
        throw fail("format djl needs an 'architecture' to rebuild the network");
      }
      CheckpointSpec.ParametersFile parameters = null;
      if (node.has("parameters") && !node.get("parameters").isNull()) {
        JsonNode pn = node.get("parameters");
        if (!pn.isObject()) {
          throw fail("parameters must be a mapping {uri, sha256}");
        }
        checkFields(pn, Set.of("uri", "sha256"), source, where + ": parameters");
        String psha = text(pn, "sha256");
        if (!SHA256.matcher(psha).matches()) {
          throw fail("parameters.sha256 must be 64 hex digits: " + psha);
        }
        if (architecture == null) {
          throw fail("parameters need an 'architecture' to rebuild the network");
        }
        parameters =
            new CheckpointSpec.ParametersFile(
                resolve(base, text(pn, "uri")), psha.toLowerCase(Locale.ROOT));
      }
      String features = null;
      if (node.has("features") && !node.get("features").isNull()) {
        features = text(node, "features");
        if (format == ModelFormat.DJL && !features.equals(Architecture.FEATURES)) {
          throw fail(
              "a djl entry's features can only be '"
                  + Architecture.FEATURES
                  + "' (the input of its architecture's classifier): "
                  + features);
        }
        if (format != ModelFormat.ONNX && format != ModelFormat.DJL) {
          throw fail(
              "features names a model output; format "
                  + format.id()
                  + " has none (only onnx and djl checkpoints can give features)");
        }
      }
      return new CheckpointSpec(
          name,
          resolve(base, uri),
          sha.toLowerCase(Locale.ROOT),
          format,
          input,
          output,
          labels,
          architecture,
          parameters,
          features);
    }

    private InputContract input(JsonNode in) {
      if (!in.isObject()) {
        throw fail("input must be a mapping");
      }
      checkFields(in, INPUT_FIELDS, source, where + ": input");
      JsonNode fsNode = required(in, "fs");
      if (!fsNode.isNumber() || !(fsNode.asDouble() > 0) || Double.isInfinite(fsNode.asDouble())) {
        throw fail("input.fs must be a positive number: " + fsNode);
      }
      int samples = positiveInt(in, "samples");
      List<String> leads = in.has("leads") ? strings(in, "leads") : CorpusSchema.LEADS;
      if (leads.isEmpty() || new HashSet<>(leads).size() != leads.size()) {
        throw fail("input.leads must be distinct lead names: " + leads);
      }
      for (String lead : leads) {
        if (!CorpusSchema.LEADS.contains(lead)) {
          throw fail("input.leads: unknown lead " + lead + " (known: " + CorpusSchema.LEADS + ")");
        }
      }
      InputContract.Layout layout =
          in.has("layout")
              ? choice(in, "layout", InputContract.Layout.class)
              : InputContract.Layout.NCL;
      InputContract.Normalization norm =
          in.has("normalize")
              ? choice(in, "normalize", InputContract.Normalization.class)
              : InputContract.Normalization.NONE;
      return new InputContract(fsNode.asDouble(), samples, leads, layout, norm);
    }

    private Architecture architecture(JsonNode a, InputContract input, int labels) {
      if (!a.isObject()) {
        throw fail("architecture must be a mapping");
      }
      String type = text(a, "type");
      int leads = input.leads().size();
      try {
        switch (type) {
          case ResNet1dArchitecture.TYPE -> {
            checkFields(
                a,
                Set.of("type", "blocks", "width", "head", "block"),
                source,
                where + ": architecture");
            List<Integer> blocks = new ArrayList<>();
            JsonNode b = required(a, "blocks");
            if (!b.isArray()) {
              throw fail("architecture.blocks must be a list of 4 block counts");
            }
            for (JsonNode v : b) {
              if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw fail("architecture.blocks must hold integers: " + b);
              }
              blocks.add(v.asInt());
            }
            String block = a.has("block") ? text(a, "block") : "bottleneck";
            if (!block.equals("basic") && !block.equals("bottleneck")) {
              throw fail("architecture.block must be basic or bottleneck: " + block);
            }
            return new ResNet1dArchitecture(
                leads,
                input.samples(),
                blocks,
                positiveInt(a, "width"),
                positiveInt(a, "head"),
                labels,
                block.equals("basic"));
          }
          case BiLstmArchitecture.TYPE -> {
            checkFields(
                a, Set.of("type", "hidden", "pool", "readout"), source, where + ": architecture");
            int pool = a.has("pool") ? positiveInt(a, "pool") : 1;
            Layer.BiLstm.Readout readout =
                a.has("readout")
                    ? Layer.BiLstm.Readout.parse(text(a, "readout"))
                    : Layer.BiLstm.Readout.STEPS;
            return new BiLstmArchitecture(
                leads, input.samples(), positiveInt(a, "hidden"), labels, pool, readout);
          }
          default ->
              throw fail(
                  "architecture.type must be "
                      + ResNet1dArchitecture.TYPE
                      + " or "
                      + BiLstmArchitecture.TYPE
                      + ": "
                      + type);
        }
      } catch (IllegalArgumentException e) {
        if (e.getMessage().startsWith("Cannot read zoo manifest")) {
          throw e;
        }
        throw fail(e.getMessage());
      }
    }

    private String resolve(Path base, String uri) {
      try {
        URI u = new URI(uri);
        if (u.getScheme() != null || uri.startsWith("/") || base == null) {
          return new Path(uri).toString();
        }
      } catch (java.net.URISyntaxException e) {
        throw fail("uri is not a valid path: " + uri);
      }
      return new Path(base, uri).toString();
    }

    private JsonNode required(JsonNode n, String field) {
      JsonNode v = n.get(field);
      if (v == null || v.isNull()) {
        throw fail("missing field '" + field + "'");
      }
      return v;
    }

    private String text(JsonNode n, String field) {
      JsonNode v = required(n, field);
      if (!v.isTextual() || v.asText().isBlank()) {
        throw fail("'" + field + "' must be a non-empty string: " + v);
      }
      return v.asText().trim();
    }

    private int positiveInt(JsonNode n, String field) {
      JsonNode v = required(n, field);
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
        throw fail("'" + field + "' must be a positive integer: " + v);
      }
      return v.asInt();
    }

    private List<String> strings(JsonNode n, String field) {
      JsonNode v = required(n, field);
      if (!v.isArray()) {
        throw fail("'" + field + "' must be a list of strings: " + v);
      }
      List<String> out = new ArrayList<>();
      for (JsonNode s : v) {
        if (!s.isTextual() || s.asText().isBlank()) {
          throw fail("'" + field + "' must hold non-empty strings: " + v);
        }
        out.add(s.asText().trim());
      }
      if (new HashSet<>(out).size() != out.size()) {
        throw fail("'" + field + "' must not repeat a value: " + out);
      }
      return out;
    }

    private <E extends Enum<E>> E choice(JsonNode n, String field, Class<E> type) {
      String v = text(n, field);
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(v)) {
          return e;
        }
      }
      List<String> allowed = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        allowed.add(e.name().toLowerCase(Locale.ROOT));
      }
      throw fail("'" + field + "' must be one of " + allowed + ": " + v);
    }

    private IllegalArgumentException fail(String why) {
      return new IllegalArgumentException(
          "Cannot read zoo manifest " + source + ": " + where + ": " + why);
    }
  }
}
