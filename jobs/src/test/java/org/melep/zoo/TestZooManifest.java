package org.melep.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.melep.corpus.CorpusSchema;
import org.melep.model.BiLstmArchitecture;
import org.melep.model.ResNet1dArchitecture;

class TestZooManifest {
  private static final String SHA = "ab".repeat(32);
  private static final org.apache.hadoop.fs.Path BASE =
      new org.apache.hadoop.fs.Path("file:/zoo/dir");

  private static String entry(String extra) {
    return "checkpoints:\n"
        + "  - name: m1\n"
        + "    uri: models/m1.onnx\n"
        + "    sha256: "
        + SHA
        + "\n"
        + "    format: onnx\n"
        + "    input: {fs: 100, samples: 1000}\n"
        + "    output: logits\n"
        + "    labels: [NORM, AF]\n"
        + extra;
  }

  @Test
  void parsesEntryWithDefaultsAndResolvesRelativeUri() {
    ZooManifest zoo = ZooManifest.parse(entry(""), "zoo.yaml", BASE);
    CheckpointSpec c = zoo.checkpoints().get(0);
    assertThat(c.name()).isEqualTo("m1");
    assertThat(c.uri()).isEqualTo("file:/zoo/dir/models/m1.onnx");
    assertThat(c.sha256()).isEqualTo(SHA);
    assertThat(c.format()).isEqualTo(ModelFormat.ONNX);
    assertThat(c.output()).isEqualTo(CheckpointSpec.OutputKind.LOGITS);
    assertThat(c.labels()).containsExactly("NORM", "AF");
    assertThat(c.input().fs()).isEqualTo(100.0);
    assertThat(c.input().leads()).isEqualTo(CorpusSchema.LEADS);
    assertThat(c.input().layout()).isEqualTo(InputContract.Layout.NCL);
    assertThat(c.input().normalize()).isEqualTo(InputContract.Normalization.NONE);
    assertThat(c.input().recordShape()).containsExactly(12, 1000);
    assertThat(c.architecture()).isNull();
    assertThat(zoo.find("m1")).contains(c);
  }

  @Test
  void keepsAbsoluteAndSchemeUrisAndReadsJson() {
    String json =
        "{\"checkpoints\": [{\"name\": \"a\", \"uri\": \"hdfs://nn/models/a.onnx\", \"sha256\": \""
            + SHA.toUpperCase()
            + "\", \"format\": \"ONNX\", \"input\": {\"fs\": 500, \"samples\": 5000,"
            + " \"leads\": [\"II\", \"V1\"], \"layout\": \"nlc\", \"normalize\": \"minmax\"}, \"output\": \"probs\","
            + " \"labels\": [\"x\"]}]}";
    CheckpointSpec c = ZooManifest.parse(json, "zoo.json", BASE).checkpoints().get(0);
    assertThat(c.uri()).isEqualTo("hdfs://nn/models/a.onnx");
    assertThat(c.sha256()).isEqualTo(SHA);
    assertThat(c.input().leads()).containsExactly("II", "V1");
    assertThat(c.input().recordShape()).containsExactly(5000, 2);
    assertThat(c.input().normalize()).isEqualTo(InputContract.Normalization.MINMAX);
    assertThat(c.output()).isEqualTo(CheckpointSpec.OutputKind.PROBS);
  }

  @Test
  void onnxAndDjlEntriesMayNameTheirFeatureOutput() {
    assertThat(ZooManifest.parse(entry(""), "z", BASE).checkpoints().get(0).features()).isNull();
    assertThat(
            ZooManifest.parse(entry("    features: penultimate\n"), "z", BASE)
                .checkpoints()
                .get(0)
                .features())
        .isEqualTo("penultimate");
    assertThatThrownBy(() -> ZooManifest.parse(entry("    features: \"\"\n"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): 'features' must be a non-empty string: \"\"");
    // a djl entry gives the input of its architecture's classifier, named as the ONNX export does
    String djl =
        entry("    features: features\n").replace("format: onnx", "format: djl")
            + "    architecture: {type: bilstm, hidden: 16}\n";
    assertThat(ZooManifest.parse(djl, "z.yaml", BASE).checkpoints().get(0).features())
        .isEqualTo("features");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    djl.replace("features: features", "features: fc1"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): a djl entry's features can only be"
                + " 'features' (the input of its architecture's classifier): fc1");
    String script =
        entry("    features: features\n").replace("format: onnx", "format: torchscript");
    assertThatThrownBy(() -> ZooManifest.parse(script, "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): features names a model output; format"
                + " torchscript has none (only onnx and djl checkpoints can give features)");
  }

  @Test
  void parsesDjlArchitectures() {
    String yaml =
        entry("").replace("format: onnx", "format: djl")
            + "    architecture: {type: resnet1d, blocks: [1, 2, 1, 1], width: 8, head: 32}\n";
    assertThat(ZooManifest.parse(yaml, "z", BASE).checkpoints().get(0).architecture())
        .isEqualTo(new ResNet1dArchitecture(12, 1000, List.of(1, 2, 1, 1), 8, 32, 2));
    String lstm =
        entry("").replace("format: onnx", "format: djl")
            + "    architecture: {type: bilstm, hidden: 16}\n";
    assertThat(ZooManifest.parse(lstm, "z", BASE).checkpoints().get(0).architecture())
        .isEqualTo(new BiLstmArchitecture(12, 1000, 16, 2));
  }

  @Test
  void rejectsInvalidYaml() {
    assertThatThrownBy(() -> ZooManifest.parse("checkpoints: [\n  - name: {", "bad.yaml", BASE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read zoo manifest bad.yaml: not valid YAML/JSON: ");
    assertThatThrownBy(() -> ZooManifest.parse("- a\n- b\n", "list.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest list.yaml: expected a mapping with a 'checkpoints' list");
    assertThatThrownBy(() -> ZooManifest.parse("checkpoints: []\n", "empty.yaml", BASE))
        .hasMessage("Cannot read zoo manifest empty.yaml: 'checkpoints' must be a non-empty list");
  }

  @Test
  void yamlTypeTagsAreNotObeyed() {
    String tagged = entry("").replace("name: m1", "name: !!java.io.File m1");
    // Jackson reads tags as plain data: the value is just a string
    assertThat(ZooManifest.parse(tagged, "z", BASE).checkpoints().get(0).name()).isEqualTo("m1");
  }

  @Test
  void rejectsMissingAndMalformedFields() {
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    entry("").replace("    sha256: " + SHA + "\n", ""), "z.yaml", BASE))
        .hasMessage("Cannot read zoo manifest z.yaml: checkpoint #1 (m1): missing field 'sha256'");
    assertThatThrownBy(() -> ZooManifest.parse(entry("").replace(SHA, "abc"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): sha256 must be 64 hex digits: abc");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    entry("").replace("format: onnx", "format: pickle"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): 'format' must be one of [onnx, torchscript, djl]: pickle");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    entry("").replace("samples: 1000", "samples: -5"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): 'samples' must be a positive integer: -5");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    entry("")
                        .replace(
                            "{fs: 100, samples: 1000}", "{fs: 100, samples: 1000, leads: [I, X9]}"),
                    "z.yaml",
                    BASE))
        .hasMessageStartingWith(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): input.leads: unknown lead X9");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(entry("").replace("[NORM, AF]", "[NORM, NORM]"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): 'labels' must not repeat a value: [NORM, NORM]");
    assertThatThrownBy(() -> ZooManifest.parse(entry("    colour: red\n"), "z.yaml", BASE))
        .hasMessageStartingWith(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): unknown field 'colour'");
    assertThatThrownBy(
            () -> ZooManifest.parse(entry("").replace("name: m1", "name: ../etc"), "z.yaml", BASE))
        .hasMessageStartingWith(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (../etc): name must match");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(entry("").replace("format: onnx", "format: djl"), "z.yaml", BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): format djl needs an 'architecture' to rebuild the network");
    assertThatThrownBy(
            () ->
                ZooManifest.parse(
                    entry(
                        "    architecture: {type: resnet1d, blocks: [1, 1], width: 8, head: 8}\n"),
                    "z.yaml",
                    BASE))
        .hasMessage(
            "Cannot read zoo manifest z.yaml: checkpoint #1 (m1): Cannot build resnet1d: blocks must be 4 positive counts: [1, 1]");
    String twice = entry("") + entry("").substring("checkpoints:\n".length());
    assertThatThrownBy(() -> ZooManifest.parse(twice, "z.yaml", BASE))
        .hasMessage("Cannot read zoo manifest z.yaml: checkpoint #2 (m1): duplicate name: m1");
  }

  @Test
  void programmaticZoosAreCheckedToo() {
    CheckpointSpec c = ZooManifest.parse(entry(""), "z", BASE).checkpoints().get(0);
    assertThatThrownBy(() -> new ZooManifest("api", List.of(c, c)))
        .hasMessage("Cannot use zoo api: duplicate checkpoint name: m1");
    CheckpointSpec slash =
        new CheckpointSpec(
            "a/b", c.uri(), c.sha256(), c.format(), c.input(), c.output(), c.labels(), null);
    assertThatThrownBy(() -> new ZooManifest("api", List.of(slash)))
        .hasMessageStartingWith("Cannot use zoo api: checkpoint name must match");
  }

  @Test
  void readsFromFileSystemAndNamesMissingFile() throws Exception {
    java.nio.file.Path dir = Files.createTempDirectory("zoo-test");
    Files.writeString(dir.resolve("zoo.yaml"), entry(""));
    ZooManifest zoo = ZooManifest.read(dir.resolve("zoo.yaml").toString(), new Configuration());
    assertThat(zoo.checkpoints().get(0).uri()).isEqualTo("file:" + dir.resolve("models/m1.onnx"));
    String missing = dir.resolve("nope.yaml").toString();
    assertThatThrownBy(() -> ZooManifest.read(missing, new Configuration()))
        .hasMessage("Cannot read zoo manifest " + missing + ": no such file");
  }

  @Test
  void exampleManifestInConfParses() {
    java.nio.file.Path example = java.nio.file.Path.of("..", "conf", "zoo.example.yaml");
    assertThat(example).exists();
    ZooManifest zoo = ZooManifest.read(example.toAbsolutePath().toString(), new Configuration());
    assertThat(zoo.checkpoints()).hasSizeGreaterThanOrEqualTo(3);
  }
}
