package org.melep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The output-safety rules, on the local file system, without Spark. */
class TestOutputGuard {
  private final Configuration conf = new Configuration();

  private static Path dir(String prefix) throws Exception {
    return Files.createTempDirectory(Path.of("target"), prefix).toAbsolutePath();
  }

  private OutputGuard guard() {
    return new OutputGuard(conf);
  }

  @Test
  void anOutputThatIsContainsOrLiesInsideAnInputIsRefusedNamingBoth() throws Exception {
    Path d = dir("guard-rel");
    Files.writeString(d.resolve("targets.json"), "{}\n");
    String in = d.resolve("targets.json").toString();
    assertThatThrownBy(() -> guard().input(in).output("score", d.toString()).check())
        .isInstanceOf(UnsafeOutputException.class)
        .hasMessage(
            "Cannot write "
                + d
                + ": it contains the input "
                + in
                + "; choose an output folder apart from the inputs");
    assertThatThrownBy(() -> guard().input(d.toString()).output("ingest", d.toString()).check())
        .hasMessageStartingWith("Cannot write " + d + ": it is the input " + d);
    assertThatThrownBy(
            () ->
                guard()
                    .input(d.toString())
                    .output("predict", d.resolve("preds").toString())
                    .check())
        .hasMessageStartingWith(
            "Cannot write " + d.resolve("preds") + ": it lies inside the input " + d);
    // a sibling whose name merely starts like the input is apart from it
    guard().input(d.resolve("p").toString()).output("score", d.resolve("p_out").toString()).check();
  }

  @Test
  void relativePathsDotsAndSymlinksAreResolvedBeforeComparing() throws Exception {
    Path d = dir("guard-link");
    Path data = Files.createDirectories(d.resolve("data"));
    Files.writeString(data.resolve("x.json"), "{}\n");
    Path link = Files.createSymbolicLink(d.resolve("link"), data);
    assertThatThrownBy(
            () ->
                guard()
                    .input(data.resolve("x.json").toString())
                    .output("score", link.toString())
                    .check())
        .hasMessageContaining("it contains the input " + data.resolve("x.json"))
        .hasMessageContaining(
            "(file:"
                + data.toRealPath()
                + " and file:"
                + data.toRealPath().resolve("x.json")
                + ")");
    String dotted = d.resolve("data/../data").toString();
    assertThatThrownBy(() -> guard().input(data.toString()).output("score", dotted).check())
        .hasMessageContaining("it is the input " + data);
    String relative = Path.of("").toAbsolutePath().relativize(data).toString();
    assertThatThrownBy(
            () -> guard().input("file:" + data).output("score", relative + "/out").check())
        .hasMessageContaining("lies inside the input file:" + data);
    // a glob's folder is the input
    assertThatThrownBy(
            () ->
                guard()
                    .input(data + "/*.json")
                    .output("score", data.resolve("o").toString())
                    .check())
        .hasMessageContaining("lies inside the input " + data + "/*.json");
  }

  @Test
  void anExistingOutputMustBeEmptyOrAPreviousOutputOfTheSameCommand() throws Exception {
    Path d = dir("guard-marker");
    guard().output("score", d.resolve("new").toString()).check(); // absent
    Path empty = Files.createDirectories(d.resolve("empty"));
    guard().output("score", empty.toString()).check();

    Path file = Files.writeString(d.resolve("some-file"), "keep me\n");
    assertThatThrownBy(() -> guard().output("score", file.toString()).check())
        .isInstanceOf(UnsafeOutputException.class)
        .hasMessage(
            "Cannot write "
                + file
                + ": it is an existing file, not an output of melep score; remove it or choose another output path");

    Path other = Files.createDirectories(d.resolve("other"));
    Files.writeString(other.resolve("notes.txt"), "mine\n");
    assertThatThrownBy(() -> guard().output("score", other.toString()).check())
        .hasMessage(
            "Cannot write "
                + other
                + ": it exists and is not an output of melep score (no _melep_output.json in it); remove it or choose another output path");

    Files.writeString(other.resolve(OutputGuard.MARKER), "{\"command\":\"simulate\"}");
    assertThatThrownBy(() -> guard().output("score", other.toString()).check())
        .hasMessage(
            "Cannot write "
                + other
                + ": it is an output of melep simulate, not of melep score; choose another output path");
    Files.writeString(other.resolve(OutputGuard.MARKER), "not json {");
    assertThatThrownBy(() -> guard().output("score", other.toString()).check())
        .hasMessageContaining("is not an output of melep score");

    Files.writeString(
        other.resolve(OutputGuard.MARKER), "{\"command\":\"score\",\"version\":\"dev\"}");
    guard().output("score", other.toString()).check();
    assertThat(other.resolve("notes.txt")).hasContent("mine");
    assertThat(file).hasContent("keep me");
  }

  @Test
  void outputsMustBeApartFromEachOtherAndRequiredInputsMustExist() throws Exception {
    Path d = dir("guard-outs");
    assertThatThrownBy(
            () ->
                guard()
                    .output("score", d.resolve("o").toString())
                    .output("predict", d.resolve("o/p").toString())
                    .check())
        .hasMessage(
            "Cannot write "
                + d.resolve("o/p")
                + ": it lies inside the other output "
                + d.resolve("o")
                + "; choose outputs apart from each other");
    assertThatThrownBy(
            () ->
                guard()
                    .requiredInput("--predictions", "nope.json")
                    .output("score", d.resolve("o").toString())
                    .check())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read --predictions nope.json: no such file or folder");
    assertThatThrownBy(() -> guard().requiredInput("--folds", d + "/*.parquet").check())
        .hasMessage("Cannot read --folds " + d + "/*.parquet: nothing matches it");
  }

  @Test
  void globsKeepTheirFolder() {
    assertThat(OutputGuard.stripGlob("/a/b/*.json")).isEqualTo("/a/b");
    assertThat(OutputGuard.stripGlob("/a/b/part-{1,2}/x")).isEqualTo("/a/b");
    assertThat(OutputGuard.stripGlob("s3a://bucket/t/x?.csv")).isEqualTo("s3a://bucket/t");
    assertThat(OutputGuard.stripGlob("*.json")).isEqualTo(".");
    assertThat(OutputGuard.stripGlob("/a/b")).isEqualTo("/a/b");
  }

  @Test
  void pathsOfAFileSystemWithoutAClientHereCompareAsGiven() {
    assertThat(OutputGuard.resolve("nofs://bucket/a/../b", conf))
        .isEqualTo(new org.apache.hadoop.fs.Path("nofs://bucket/b"));
    assertThatThrownBy(
            () ->
                guard()
                    .input("nofs://bucket/data")
                    .output("score", "nofs://bucket/data/out")
                    .check())
        .isInstanceOf(UnsafeOutputException.class)
        .hasMessageStartingWith(
            "Cannot write nofs://bucket/data/out: it lies inside the input nofs://bucket/data");
  }

  @Test
  void hadoopPathsOfOtherFileSystemsCompareQualified() {
    org.apache.hadoop.fs.Path a = new org.apache.hadoop.fs.Path("hdfs://nn:8020/data/corpus");
    assertThat(OutputGuard.relation(new org.apache.hadoop.fs.Path("hdfs://nn:8020/data"), a))
        .isEqualTo("contains");
    assertThat(
            OutputGuard.relation(new org.apache.hadoop.fs.Path("hdfs://nn:8020/data/corpus/x"), a))
        .isEqualTo("lies inside");
    assertThat(OutputGuard.relation(new org.apache.hadoop.fs.Path("hdfs://other:8020/data"), a))
        .isNull();
    assertThat(
            OutputGuard.relation(
                new org.apache.hadoop.fs.Path("s3a://bucket/data/corpus/../corpus"),
                new org.apache.hadoop.fs.Path("s3a://bucket/data/corpus")))
        .isEqualTo("is");
  }
}
