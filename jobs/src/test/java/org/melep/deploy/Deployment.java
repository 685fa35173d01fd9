package org.melep.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the integration tests deploy: the shaded jar, Spark's own jars (module spark-home), the
 * project version, all passed by failsafe; and a way to run a process with a time limit.
 */
final class Deployment {
  private Deployment() {}

  static Path jar() {
    Path jar = Path.of(System.getProperty("melep.jar", "target/melep.jar")).toAbsolutePath();
    assumeTrue(
        Files.isRegularFile(jar),
        "skipped: no application jar at "
            + jar
            + " (it is built by `mvn package`; run `mvn verify`)");
    return jar;
  }

  static Path sparkHome() {
    Path home =
        Path.of(System.getProperty("melep.spark.home", "../spark-home/target")).toAbsolutePath();
    assumeTrue(
        Files.isDirectory(home.resolve("jars")),
        "skipped: no Spark jars at " + home + "/jars (built by the spark-home module)");
    return home.normalize();
  }

  static String version() {
    return System.getProperty("melep.version", "unknown");
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Path projectRoot() {
    return Path.of(System.getProperty("melep.project.root", "..")).toAbsolutePath().normalize();
  }

  record Result(int exit, String output) {}

  /** Runs {@code command} in {@code dir}, stdout and stderr together; kills it after the limit. */
  static Result run(List<String> command, Path dir, int seconds) throws IOException {
    return run(command, dir, Map.of(), seconds);
  }

  static Result run(List<String> command, Path dir, Map<String, String> env, int seconds)
      throws IOException {
    Path log = Files.createTempFile("melep-it-", ".log");
    ProcessBuilder b =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    b.environment().putAll(env);
    Process p = b.start();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            "timed out after " + seconds + " s: " + command + "\n" + Files.readString(log));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
