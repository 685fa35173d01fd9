package org.melep.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The swap, its marker, and the cleanup of staging left by failed, killed or crashed runs. */
class TestAtomicOutput {
  private final Configuration conf = new Configuration();

  private static Path dir(String prefix) throws Exception {
    return Files.createTempDirectory(Path.of("target"), prefix).toAbsolutePath();
  }

  private static List<String> names(Path d) throws Exception {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void write(AtomicOutput out, String name, String text) throws Exception {
    org.apache.hadoop.fs.Path staging = out.stagingPath();
    Files.createDirectories(Path.of(staging.toUri().getPath()));
    Files.writeString(Path.of(staging.toUri().getPath(), name), text);
    out.commit(staging);
  }

  @Test
  void commitMarksTheOutputAndReplacesOnlyItsOwnPreviousOutput() throws Exception {
    Path d = dir("atomic-marker");
    AtomicOutput out = new AtomicOutput(d.resolve("o").toString(), "score", conf);
    write(out, "a.txt", "first");
    assertThat(d.resolve("o").resolve(OutputGuard.MARKER))
        .content()
        .contains("\"command\" : \"score\"", "\"version\"", "\"written\"");
    write(out, "a.txt", "second");
    assertThat(d.resolve("o/a.txt")).hasContent("second");
    assertThat(names(d)).containsExactly("o");
    // a marker rewritten by hand (docs/safety.md) is read without Hadoop's checksum files
    assertThat(names(d.resolve("o")))
        .noneMatch(n -> n.endsWith(".crc") && n.contains("melep_output"));
    Files.writeString(d.resolve("o").resolve(OutputGuard.MARKER), "{\"command\": \"score\"}\n");
    write(out, "a.txt", "third");
    assertThat(d.resolve("o/a.txt")).hasContent("third");

    // something else appeared at the target after the command's check: the swap refuses it
    Path foreign = Files.createDirectories(d.resolve("foreign"));
    Files.writeString(foreign.resolve("data.csv"), "x\n");
    AtomicOutput other = new AtomicOutput(foreign.toString(), "score", conf);
    assertThatThrownBy(() -> write(other, "a.txt", "new"))
        .isInstanceOf(UnsafeOutputException.class)
        .hasMessageContaining("it exists and is not an output of melep score");
    assertThat(foreign.resolve("data.csv")).hasContent("x");
    assertThat(names(d)).containsExactly("foreign", "o"); // the staging of the refused run is gone
    assertThat(AtomicOutput.pendingCount()).isZero();

    AtomicOutput wrongCommand = new AtomicOutput(d.resolve("o").toString(), "simulate", conf);
    assertThatThrownBy(() -> write(wrongCommand, "a.txt", "x"))
        .hasMessageContaining("is an output of melep score, not of melep simulate");
    assertThat(d.resolve("o/a.txt")).hasContent("third");
  }

  @Test
  void aNewRunRemovesStagingLeftByEarlierRunsButNotNewerOnes() throws Exception {
    Path d = dir("atomic-stale");
    AtomicOutput out = new AtomicOutput(d.resolve("o").toString(), "score", conf);
    write(out, "a.txt", "kept");
    Path stale = Files.createDirectories(d.resolve(".o.staging-dead/_temporary/0"));
    Files.writeString(stale.resolve("part-0"), "big");
    Path staleOld = Files.createDirectories(d.resolve(".o.old-dead"));
    Path leftover = Files.createDirectories(d.resolve("o/_temporary/0"));
    Path otherOutput = Files.createDirectories(d.resolve(".p.staging-dead"));
    FileTime past = FileTime.from(Instant.now().minusSeconds(24 * 3600));
    for (Path p :
        List.of(d.resolve(".o.staging-dead"), staleOld, d.resolve("o/_temporary"), otherOutput)) {
      Files.setLastModifiedTime(p, past);
    }
    Path fresh = Files.createDirectories(d.resolve(".o.staging-running")); // a run of this JVM
    org.apache.hadoop.fs.Path staging = out.stagingPath();
    assertThat(names(d))
        .doesNotContain(".o.staging-dead", ".o.old-dead")
        .contains(".o.staging-running", ".p.staging-dead", "o");
    assertThat(leftover).doesNotExist();
    assertThat(d.resolve("o/a.txt")).hasContent("kept");
    out.abort(staging);
    assertThat(fresh).exists();
  }

  @Test
  void aPreviousOutputACrashedSwapLeftAsideIsRestored() throws Exception {
    Path d = dir("atomic-restore");
    Path old = Files.createDirectories(d.resolve(".o.old-crashed"));
    Files.writeString(old.resolve("a.txt"), "previous");
    Files.writeString(old.resolve(OutputGuard.MARKER), "{\"command\":\"score\"}");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3600)));
    AtomicOutput out = new AtomicOutput(d.resolve("o").toString(), "score", conf);
    org.apache.hadoop.fs.Path staging = out.stagingPath();
    assertThat(d.resolve("o/a.txt")).hasContent("previous");
    out.abort(staging);
    assertThat(names(d)).containsExactly("o");
  }

  @Test
  void aKilledRunRemovesItsStagingInItsShutdownHook() throws Exception {
    Path d = dir("atomic-killed");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StagingHolder.class.getName(),
                d.resolve("o").toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    var stdout = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
    String line;
    do {
      line = stdout.readLine();
    } while (line != null && !line.equals("staged"));
    assertThat(line).isEqualTo("staged");
    assertThat(names(d)).anyMatch(n -> n.startsWith(".o.staging-"));
    p.destroy(); // SIGTERM, as a scheduler or Ctrl-C would
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(names(d)).isEmpty();
  }

  /** Stages an output, says so, and waits to be killed. */
  public static final class StagingHolder {
    public static void main(String[] args) throws Exception {
      AtomicOutput out = new AtomicOutput(args[0], "score", new Configuration());
      org.apache.hadoop.fs.Path staging = out.stagingPath();
      Files.createDirectories(Path.of(staging.toUri().getPath(), "_temporary", "0"));
      Files.writeString(Path.of(staging.toUri().getPath(), "_temporary", "0", "part-0"), "partial");
      System.out.println("staged");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
