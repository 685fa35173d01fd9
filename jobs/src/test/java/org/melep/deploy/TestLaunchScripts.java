package org.melep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster launchers without a cluster: submit-yarn.sh and submit-k8s.sh against a stand-in
 * {@code spark-submit} that prints its arguments one per line, and the Databricks job definitions
 * parsed as JSON.
 */
class TestLaunchScripts {
  private static final Path SCRIPTS = Deployment.projectRoot().resolve("scripts");
  private static String opens;

  @TempDir static Path tmp;
  private static Path sparkHome;

  @BeforeAll
  static void fakeSparkSubmit() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(SCRIPTS.resolve("java17-opens.txt"))) {
      if (!l.isBlank() && !l.startsWith("#")) {
        lines.add(l.strip());
      }
    }
    opens = String.join(" ", lines) + " -Dai.djl.offline=true";
    sparkHome = Files.createDirectories(tmp.resolve("spark"));
    Path submit = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
    Files.writeString(submit, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    assertThat(submit.toFile().setExecutable(true)).isTrue();
    Files.createDirectories(sparkHome.resolve("conf"));
  }

  private static Deployment.Result script(String name, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
    command.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putIfAbsent("SPARK_HOME", sparkHome.toString());
    all.put("K8S_MASTER", "k8s://https://127.0.0.1:6443");
    all.put("MELEP_IMAGE", "registry/melep:test");
    return Deployment.run(command, tmp, all, 30);
  }

  private static List<String> submitted(String name, Map<String, String> env, String... args)
      throws IOException {
    Deployment.Result r = script(name, env, args);
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output().lines().toList();
  }

  private static String after(List<String> args, String flag, String prefix) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(flag) && args.get(i + 1).startsWith(prefix)) {
        return args.get(i + 1).substring(prefix.length());
      }
    }
    throw new AssertionError(flag + " " + prefix + " not in " + args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit-yarn.sh", "submit-k8s.sh"})
  void printUsageAndExit2WithoutArgumentsOrWithHelp(String name) throws IOException {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"-h"},
            new String[] {"score", "--help"},
            new String[] {"--num-executors", "2", "--"})) {
      Deployment.Result r = script(name, Map.of(), args);
      assertThat(r.exit()).as("%s %s: %s", name, List.of(args), r.output()).isEqualTo(2);
      assertThat(r.output()).contains("usage: scripts/" + name).doesNotContain("unbound variable");
      assertThat(r.output()).doesNotContain("org.melep.cli.MelepCommand"); // nothing submitted
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit-yarn.sh", "submit-k8s.sh"})
  void passSparkSubmitOptionsAsGivenAndMergeTheUsersJavaOptions(String name) throws IOException {
    List<String> args =
        submitted(
            name,
            Map.of(),
            "--num-executors",
            "8",
            "--conf",
            "spark.executor.extraJavaOptions=-XX:+UseG1GC -Dmine=1",
            "--driver-java-options",
            "-Ddriver=yes",
            "--conf",
            "spark.app.tags=a b",
            "--",
            "score",
            "--out",
            "dir with spaces");
    assertThat(args).containsSubsequence("--num-executors", "8");
    assertThat(args).containsSubsequence("--conf", "spark.app.tags=a b");
    assertThat(after(args, "--conf", "spark.executor.extraJavaOptions="))
        .isEqualTo(opens + " -XX:+UseG1GC -Dmine=1");
    assertThat(after(args, "--conf", "spark.driver.extraJavaOptions="))
        .isEqualTo(opens + " -Ddriver=yes");
    assertThat(args).filteredOn(a -> a.startsWith("spark.executor.extraJavaOptions=")).hasSize(1);
    assertThat(args).doesNotContain("--driver-java-options");
    assertThat(args.subList(args.size() - 3, args.size()))
        .containsExactly("score", "--out", "dir with spaces");
    assertThat(args).containsSubsequence("--class", "org.melep.cli.MelepCommand");
    assertThat(args).containsSubsequence("--name", "melep-score");
  }

  @Test
  void mergeTheJavaOptionsOfSparkDefaultsWhenNotOnTheCommandLine() throws IOException {
    Path home = Files.createDirectories(tmp.resolve("spark-with-defaults"));
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("bin"));
    Files.copy(
        sparkHome.resolve("bin/spark-submit"),
        home.resolve("bin/spark-submit"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(home.resolve("bin/spark-submit").toFile().setExecutable(true)).isTrue();
    Files.writeString(
        home.resolve("conf/spark-defaults.conf"),
        "# site settings\nspark.executor.extraJavaOptions  -Dsite=1 -Xss4m\n"
            + "spark.driver.extraJavaOptions=-Dsite.driver=1\n");
    List<String> args =
        submitted("submit-yarn.sh", Map.of("SPARK_HOME", home.toString()), "score", "--out", "o");
    assertThat(after(args, "--conf", "spark.executor.extraJavaOptions="))
        .isEqualTo(opens + " -Dsite=1 -Xss4m");
    assertThat(after(args, "--conf", "spark.driver.extraJavaOptions="))
        .isEqualTo(opens + " -Dsite.driver=1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"submit-yarn.sh", "submit-k8s.sh"})
  void shipAConfigFileWithFiles(String name) throws IOException {
    Path config = Files.writeString(tmp.resolve("nightly.yaml"), "score:\n  weighting: code\n");
    List<String> args =
        submitted(
            name,
            Map.of(),
            "--files",
            "hdfs:///x.txt",
            "--",
            "--config",
            config.toString(),
            "score");
    assertThat(args).containsSubsequence("--files", "hdfs:///x.txt," + config);
    assertThat(after(args, "--conf", "spark.driver.extraJavaOptions="))
        .isEqualTo(opens + " \"-Dmelep.config=nightly.yaml\"");
    assertThat(args).doesNotContain("--config").endsWith("score");
    // MELEP_CONFIG does the same
    args = submitted(name, Map.of("MELEP_CONFIG", config.toString()), "score");
    assertThat(args).containsSubsequence("--files", config.toString());
    // a config file that is not there is an input error before anything is submitted
    Deployment.Result r = script(name, Map.of(), "--config", "/absent/melep.yaml", "score");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output().strip())
        .isEqualTo("scripts/" + name + ": config file not readable: /absent/melep.yaml");
  }

  @Test
  void databricksJobsAreJobsApi21DefinitionsForCpuAndGpu() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode cpu = json.readTree(SCRIPTS.resolve("databricks-job.json").toFile());
    JsonNode gpu = json.readTree(SCRIPTS.resolve("databricks-job-gpu.json").toFile());
    for (JsonNode job : List.of(cpu, gpu)) {
      assertThat(fields(job))
          .isSubsetOf("name", "tasks", "schedule", "max_concurrent_runs", "email_notifications")
          .contains("name", "tasks");
      assertThat(job.get("tasks")).hasSize(1);
      JsonNode task = job.get("tasks").get(0);
      assertThat(task.get("task_key").asText()).matches("[A-Za-z0-9_-]{1,100}");
      JsonNode cluster = task.get("new_cluster");
      assertThat(fields(cluster))
          .contains("spark_version", "node_type_id", "num_workers")
          .isSubsetOf(
              "spark_version", "node_type_id", "num_workers", "spark_conf", "spark_env_vars");
      assertThat(cluster.get("num_workers").isInt()).isTrue();
      assertThat(cluster.get("spark_env_vars").get("JNAME").asText()).startsWith("zulu17");
      JsonNode conf = cluster.get("spark_conf");
      assertThat(conf.get("spark.driver.extraJavaOptions").asText()).isEqualTo(opens);
      assertThat(conf.get("spark.executor.extraJavaOptions").asText()).isEqualTo(opens);
      assertThat(task.get("spark_jar_task").get("main_class_name").asText())
          .isEqualTo("org.melep.cli.MelepCommand");
      assertThat(task.get("spark_jar_task").get("parameters").get(0).asText()).isEqualTo("score");
      assertThat(task.get("libraries").get(0).get("jar").asText()).endsWith(".jar");
      assertThat(job.get("schedule").get("quartz_cron_expression").asText()).isNotBlank();
    }
    assertThat(cpu.at("/tasks/0/new_cluster/spark_version").asText())
        .matches("1[4-9]\\.[0-9]+\\.x-scala2\\.12");
    assertThat(gpu.at("/tasks/0/new_cluster/spark_version").asText())
        .matches("1[4-9]\\.[0-9]+\\.x-gpu-ml-scala2\\.12");
    assertThat(gpu.at("/tasks/0/libraries/0/jar").asText()).endsWith("melep-gpu.jar");
    assertThat(cpu.at("/tasks/0/libraries/0/jar").asText()).endsWith("/melep.jar");
    assertThat(gpu.at("/tasks/0/new_cluster/spark_conf").get("spark.task.resource.gpu.amount"))
        .isNotNull();
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
