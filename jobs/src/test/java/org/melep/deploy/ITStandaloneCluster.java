package org.melep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spark-submit for real: scripts/local-cluster.sh starts a standalone Master and two Workers on
 * 127.0.0.1 from Spark's own jars, and submits {@code simulate -> folds -> score} (inference with
 * ONNX Runtime and DJL on the executors) through {@code SparkSubmit} with the application jar
 * alone; then, on the same cluster, a command with a typo'd split. Checks the outputs, that tasks
 * ran on both Workers (event logs and the script's summary), that the wrong command fails with one
 * line before any executor work (its application never starts), and that no process and no work
 * folder is left. A wrong config file fails the same way before Spark starts, tested in-process
 * (TestChecksBeforeSpark): a second cluster for it would double this test's time.
 */
class ITStandaloneCluster {
  @TempDir Path tmp;

  @Test
  void simulateFoldsAndScoreOnTwoWorkersThenATypoedSplitFailsInOneLine() throws IOException {
    Path work = tmp.resolve("cluster");
    Path events = Files.createDirectories(tmp.resolve("events"));
    Path zoo = tmp.resolve("zoo");
    // the demo zoo is written locally (no Spark), as a user would before submitting
    Deployment.Result z =
        Deployment.run(
            List.of(
                Deployment.projectRoot().resolve("scripts/melep").toString(),
                "zoo",
                "demo",
                "--out",
                zoo.toString()),
            tmp,
            120);
    assertThat(z.exit()).as(z.output()).isZero();

    String corpus = tmp.resolve("corpus").toString();
    String folds = tmp.resolve("folds").toString();
    String out = tmp.resolve("scores").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                Deployment.projectRoot().resolve("scripts/local-cluster.sh").toString(),
                "--workers",
                "2",
                "--cores",
                "1",
                "--memory",
                "1024",
                "--conf",
                "spark.eventLog.enabled=true",
                "--conf",
                "spark.eventLog.dir=" + events.toUri(),
                // short-lived JVMs on a small machine: less JIT and GC work
                "--conf",
                "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                "--",
                "simulate",
                "--records",
                "120",
                "--partitions",
                "2",
                "--out",
                corpus,
                "--then",
                "folds",
                "--corpus",
                corpus,
                "--folds",
                "2",
                "--records-per-fold",
                "30",
                "--allow-smaller",
                "--out",
                folds,
                "--then",
                "score",
                "--corpus",
                corpus,
                "--folds",
                folds,
                "--zoo",
                zoo.resolve("zoo.yaml").toString(),
                "--predictions",
                tmp.resolve("predictions").toString(),
                "--out",
                out,
                "--then",
                "score",
                "--corpus",
                corpus,
                "--folds",
                folds,
                "--zoo",
                zoo.resolve("zoo.yaml").toString(),
                "--split",
                "trian",
                "--out",
                tmp.resolve("never-split").toString()));
    long start = System.nanoTime();
    Deployment.Result r =
        Deployment.run(
            command,
            tmp,
            Map.of(
                "MELEP_LOCAL_CLUSTER_DIR",
                work.toString(),
                "MELEP_PROGRESS",
                "0",
                "MELEP_JAVA_OPTS",
                "-Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
            540);
    System.out.printf(
        "local-cluster run: %.1f s%n%s%n", (System.nanoTime() - start) / 1e9, r.output());

    // the typo'd split: exit 2, one line, after the three commands succeeded; refused by the
    // driver before it asks for executors (its application never starts: no event log below)
    assertThat(r.exit()).as(r.output()).isEqualTo(2);
    assertThat(r.output().lines().filter(l -> l.startsWith("melep:")))
        .containsExactly("melep: Cannot score split trian: expected train, test or all");
    assertThat(r.output()).doesNotContain("Exception");
    assertThat(tmp.resolve("never-split")).doesNotExist();

    // outputs of simulate -> folds -> score
    assertThat(Path.of(corpus, "dataset=sim_csn")).isDirectory();
    assertThat(parquetFiles(Path.of(corpus))).isNotEmpty();
    assertThat(parquetFiles(Path.of(folds))).isNotEmpty();
    JsonNode summary = new ObjectMapper().readTree(Path.of(out, "summary.json").toFile());
    assertThat(summary.toString())
        .contains("resnet1d-cpsc", "bilstm-georgia", "resnet1d-ptbxl-djl");
    assertThat(Path.of(out, "scores")).isDirectory();
    assertThat(Path.of(out, "ranking")).isDirectory();

    // tasks ran on both Workers: executors of two Workers (their log URLs name the Worker's UI
    // port) finished tasks, in the score job and over the run; the script says so too
    Map<String, Set<String>> workersByApp = workersThatRanTasks(events);
    assertThat(workersByApp).hasSize(3); // simulate, folds, score; the typo'd split never started
    Set<String> all = new TreeSet<>();
    workersByApp.values().forEach(all::addAll);
    assertThat(all).hasSize(2);
    assertThat(workersByApp.get("melep score")).hasSize(2);
    assertThat(r.output())
        .containsPattern("tasks run per worker: worker-1: [1-9][0-9]* worker-2: [1-9]");

    // nothing left: no process of this run, no work folder
    assertNothingLeft(work);
  }

  private static void assertNothingLeft(Path work) {
    assertThat(work).doesNotExist();
    List<String> left =
        ProcessHandle.allProcesses()
            .map(p -> p.info().commandLine().orElse(""))
            .filter(c -> c.contains("-Dmelep.local.cluster=" + work))
            .toList();
    assertThat(left).isEmpty();
  }

  private static List<Path> parquetFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
  }

  /** App name -> the Workers (UI ports from executor log URLs) whose executors ended tasks. */
  private static Map<String, Set<String>> workersThatRanTasks(Path events) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Set<String>> byApp = new HashMap<>();
    List<Path> logs;
    try (Stream<Path> s = Files.list(events)) {
      logs = s.filter(Files::isRegularFile).toList();
    }
    for (Path log : logs) {
      String app = null;
      Map<String, String> workerOfExecutor = new HashMap<>();
      Set<String> executorsWithTasks = new TreeSet<>();
      for (String line : Files.readAllLines(log)) {
        JsonNode e = json.readTree(line);
        switch (e.path("Event").asText()) {
          case "SparkListenerApplicationStart" -> app = e.path("App Name").asText();
          case "SparkListenerExecutorAdded" -> {
            String url = e.at("/Executor Info/Log Urls/stderr").asText();
            workerOfExecutor.put(
                e.path("Executor ID").asText(), Integer.toString(URI.create(url).getPort()));
          }
          case "SparkListenerTaskEnd" -> {
            if (e.at("/Task End Reason/Reason").asText().equals("Success")) {
              executorsWithTasks.add(e.at("/Task Info/Executor ID").asText());
            }
          }
          default -> {}
        }
      }
      Set<String> workers = new TreeSet<>();
      for (String id : executorsWithTasks) {
        workers.add(workerOfExecutor.getOrDefault(id, "unknown executor " + id));
      }
      byApp.put(app, workers);
    }
    return byApp;
  }
}
