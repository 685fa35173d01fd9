package org.melep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestConfigFile {

  private static ConfigFile parse(String yaml) {
    return ConfigFile.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsNestedMapsScalarsAsTextAndListsOfScalars() {
    ConfigFile c =
        parse(
            "score:\n  split: test\n  weighting: [code, paper]\n  allow-missing: true\npredict:\n  batch-size: 64\n"
                + "folds:\n  train-fraction: 0.70\nzoo:\n  verify:\n    threads: 2\n  demo:\n");
    assertThat(c.source()).isEqualTo("test.yaml");
    assertThat(c.values())
        .containsOnlyKeys("score", "predict", "folds", "zoo")
        .containsEntry(
            "score",
            Map.of("split", "test", "weighting", List.of("code", "paper"), "allow-missing", "true"))
        .containsEntry("predict", Map.of("batch-size", "64"))
        .containsEntry("folds", Map.of("train-fraction", "0.70"));
    Map<?, ?> zoo = (Map<?, ?>) c.values().get("zoo");
    assertThat(zoo.get("verify")).isEqualTo(Map.of("threads", "2"));
    assertThat(zoo.containsKey("demo")).isTrue();
    assertThat(zoo.get("demo")).isNull();
  }

  @Test
  void anEmptyOrCommentOnlyFileHasNoValues() {
    assertThat(parse("").values()).isEmpty();
    assertThat(parse("# nothing here\n").values()).isEmpty();
    assertThat(parse("---\n").values()).isEmpty();
  }

  @Test
  void rejectsTypeTagsInsteadOfBuildingObjects() {
    assertThatThrownBy(() -> parse("score:\n  split: !!java.net.URL [\"http://example.com\"]\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read config file test.yaml: key score.split: YAML tags are not allowed: !tag:yaml.org,2002:java.net.URL");
    assertThatThrownBy(() -> parse("score: !!javax.script.ScriptEngineManager {}\n"))
        .hasMessageStartingWith(
            "Cannot read config file test.yaml: key score: YAML tags are not allowed: !");
    assertThatThrownBy(() -> parse("predict:\n  batch-size: !!int 3\n"))
        .hasMessageStartingWith(
            "Cannot read config file test.yaml: key predict.batch-size: YAML tags are not allowed");
  }

  @Test
  void rejectsAnchorsAndAliases() {
    assertThatThrownBy(() -> parse("score: &s\n  split: test\npredict: *s\n"))
        .hasMessage(
            "Cannot read config file test.yaml: key score: YAML anchors are not allowed: &s");
  }

  @Test
  void rejectsContentThatIsNotAMapOfCommands() {
    assertThatThrownBy(() -> parse("- score\n- predict\n"))
        .hasMessage(
            "Cannot read config file test.yaml: expected a map of command names to their options, found a list");
    assertThatThrownBy(() -> parse("just text\n"))
        .hasMessage(
            "Cannot read config file test.yaml: expected a map of command names to their options, found a plain value");
    assertThatThrownBy(() -> parse("score:\n  weighting: [{a: 1}]\n"))
        .hasMessage(
            "Cannot read config file test.yaml: key score.weighting: a list holds plain values only, found a map");
    assertThatThrownBy(() -> parse("score: {split: a}\n---\nscore: {split: b}\n"))
        .hasMessage("Cannot read config file test.yaml: more than one YAML document");
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> parse("score:\n  split: test\n  split: train\n"))
        .hasMessage("Cannot read config file test.yaml: key score.split: duplicate key");
  }

  @Test
  void rejectsInvalidYamlWithItsPosition() {
    assertThatThrownBy(() -> parse("score:\n  split: [test\n"))
        .hasMessageStartingWith("Cannot read config file test.yaml: invalid YAML at line ");
  }

  @Test
  void rejectsDeepNesting() {
    assertThatThrownBy(() -> parse("a: {b: {c: {d: {e: {f: {g: {h: {i: 1}}}}}}}}\n"))
        .hasMessage(
            "Cannot read config file test.yaml: key a.b.c.d.e.f.g.h: maps nested deeper than 8");
  }

  @Test
  void readsFilesAndBoundsTheirSize() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "config-file");
    Path ok = Files.writeString(dir.resolve("ok.yaml"), "predict:\n  batch-size: 8\n");
    assertThat(ConfigFile.read(ok).values()).containsEntry("predict", Map.of("batch-size", "8"));
    assertThat(ConfigFile.read(ok).source()).isEqualTo(ok.toString());
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[ConfigFile.MAX_BYTES + 1]);
    assertThatThrownBy(() -> ConfigFile.read(big))
        .hasMessage("Cannot read config file " + big + ": larger than 1048576 bytes");
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> ConfigFile.read(missing))
        .hasMessage("Cannot read config file " + missing + ": no such file");
  }
}
