package org.melep.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.melep.spark.SparkTestBase;

class TestConsoleProgress extends SparkTestBase {

  private static final class Capture {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void showsTheJobDescriptionTasksAndInputRecordsOnOneUpdatingLine() throws Exception {
    Path file = Files.createTempDirectory(Path.of("target"), "progress").resolve("lines.txt");
    Files.write(
        file, IntStream.range(0, 1000).mapToObj(Integer::toString).collect(Collectors.toList()));
    Capture capture = new Capture();
    try (ConsoleProgress.Handle progress =
        new ConsoleProgress(capture.stream, 0, 0, 200).attach(spark)) {
      spark.sparkContext().setJobDescription("melep test: count lines");
      assertThat(spark.sparkContext().textFile(file.toString(), 4).count()).isEqualTo(1000);
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    String text = capture.text();
    assertThat(text)
        .startsWith("\r[stage ")
        .endsWith("\n")
        .doesNotContain("\n\r")
        .containsOnlyOnce("\n");
    List<String> paints = Arrays.asList(text.strip().split("\r"));
    assertThat(paints)
        .isNotEmpty()
        .allMatch(p -> p.matches("\\[stage \\d+ melep test: count lines\\] tasks \\d/4 .*"));
    assertThat(paints.get(paints.size() - 1)).contains("] tasks 4/4  records 1,000 (");
    assertThat(paints).anyMatch(p -> p.contains("tasks 0/4"));
  }

  @Test
  void countsShuffleRecordsAndNamesStagesWithoutADescriptionBySparkName() {
    Capture capture = new Capture();
    try (ConsoleProgress.Handle progress =
        new ConsoleProgress(capture.stream, 0, 0, 300).attach(spark)) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Integer> ids = IntStream.range(0, 600).boxed().collect(Collectors.toList());
      assertThat(
              jsc.parallelize(ids, 3)
                  .mapToPair(i -> new scala.Tuple2<>(i % 5, 1))
                  .reduceByKey(Integer::sum, 2)
                  .count())
          .isEqualTo(5);
    }
    List<String> finals = finalPaintsPerStage(capture.text());
    // the map stage reads no input (parallelize), the reduce stage reads 3 x 5 shuffle records
    assertThat(finals)
        .anySatisfy(p -> assertThat(p).contains("mapToPair at").contains("tasks 3/3  records 0 "));
    assertThat(finals)
        .anySatisfy(p -> assertThat(p).contains("count at").contains("tasks 2/2  records 15 "));
  }

  @Test
  void countsFailedTaskAttemptsOfAFailingJob() {
    Capture capture = new Capture();
    try (ConsoleProgress.Handle progress =
        new ConsoleProgress(capture.stream, 0, 0, 200).attach(spark)) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      assertThatThrownBy(
              () ->
                  jsc.parallelize(List.of(1, 2, 3, 4), 4)
                      .map(
                          x -> {
                            if (x == 3) {
                              throw new IllegalStateException("Cannot map: injected failure: " + x);
                            }
                            return x;
                          })
                      .count())
          .hasMessageContaining("Cannot map: injected failure: 3");
    }
    assertThat(capture.text()).contains("(1 failed)").endsWith("\n");
  }

  @Test
  void installIsANoOpWhenDisabledOrNotOnATerminal() {
    PrintStream stderr = System.err;
    Capture capture = new Capture();
    System.setErr(capture.stream);
    try {
      int before = spark.sparkContext().listenerBus().listeners().size();
      // surefire runs without a console: enabled=true installs nothing either
      assertThat(System.console()).isNull();
      try (ConsoleProgress.Handle off = ConsoleProgress.install(spark, false);
          ConsoleProgress.Handle noTerminal = ConsoleProgress.install(spark, true)) {
        assertThat(spark.sparkContext().listenerBus().listeners()).hasSize(before);
        assertThat(spark.range(0, 100, 1, 2).count()).isEqualTo(100);
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(capture.text()).doesNotContain("[stage");
  }

  @Test
  void closeRemovesTheListenerAndEndsTheLineOnce() {
    Capture capture = new Capture();
    int before = spark.sparkContext().listenerBus().listeners().size();
    ConsoleProgress.Handle progress = new ConsoleProgress(capture.stream, 0, 0, 200).attach(spark);
    assertThat(spark.sparkContext().listenerBus().listeners()).hasSize(before + 1);
    spark.range(0, 10, 1, 2).count();
    progress.close();
    progress.close();
    assertThat(spark.sparkContext().listenerBus().listeners()).hasSize(before);
    String afterClose = capture.text();
    spark.range(0, 10, 1, 2).count();
    assertThat(capture.text()).isEqualTo(afterClose).endsWith("\n").containsOnlyOnce("\n");
  }

  /** The last paint of each stage id, in order of first appearance. */
  private static List<String> finalPaintsPerStage(String text) {
    List<String> finals = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String p : text.strip().split("\r")) {
      String id = p.replaceAll("^\\[stage (\\d+) .*", "$1").strip();
      int at = ids.indexOf(id);
      if (at < 0) {
        ids.add(id);
        finals.add(p.strip());
      } else {
        finals.set(at, p.strip());
      }
    }
    return finals;
  }
}
