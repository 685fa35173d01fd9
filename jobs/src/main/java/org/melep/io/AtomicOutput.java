package org.melep.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an output directory aside and swaps it into place, so that a failed run leaves the
 * previous output intact and readers never see a half-written table.
 *
 * <p>Usage: {@code Path tmp = out.stagingPath(); write to tmp; out.commit(tmp);} (and {@code
 * out.abort(tmp)} on failure). On object stores without atomic rename the swap is a copy, but the
 * old output is only removed after the new one is complete.
 *
 * <p>Safety (see {@code docs/safety.md}): the swap only ever replaces an absent path, an empty
 * folder or a previous output of the same command ({@link OutputGuard#requireReplaceable}); every
 * committed output carries an {@link OutputGuard#MARKER} naming the command. A staging folder is
 * removed on failure and, if the JVM is stopped (Ctrl-C, SIGTERM), by a shutdown hook; a new
 * staging path first removes staging folders of the same output left by runs that started before
 * this JVM ({@code .<name>.staging-*}, {@code .<name>.old-*}, {@code <name>/_temporary}).
 */
public final class AtomicOutput {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);

  /** After Spark stops its context (50) and before Hadoop closes its file systems (10). */
  static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

  private static final Set<Pending> PENDING = ConcurrentHashMap.newKeySet();
  private static final Runnable HOOK = AtomicOutput::removePending;

  static {
    ShutdownHookManager.get().addShutdownHook(HOOK, SHUTDOWN_PRIORITY);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MARKER_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private final Path target;
  private final String command;
  private final Configuration conf;

  /**
   * @param target the output folder
   * @param command the melep command that writes it (recorded in its marker and required of the
   *     output it replaces)
   */
  public AtomicOutput(String target, String command, Configuration conf) {
    this.target = new Path(target);
    this.command = command;
    this.conf = conf;
  }

  public Path target() {
    return target;
  }

  public String command() {
    return command;
  }

  /**
   * A fresh sibling path to write the new output to. Stale staging of the same output left by
   * earlier runs is removed first; the new path is removed again if the JVM stops before {@link
   * #commit} or {@link #abort}.
   */
  public Path stagingPath() {
    Path parent = parent();
    removeStale(parent);
    Path staging = new Path(parent, stagingPrefix() + UUID.randomUUID());
    try {
      PENDING.add(new Pending(staging, staging.getFileSystem(conf)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stage output " + target + ": " + e.getMessage(), e);
    }
    return staging;
  }

  /**
   * Replaces the target by the finished staging directory, after checking again that the target may
   * be replaced, and writes the marker into the new output.
   */
  public void commit(Path staging) {
    try {
      FileSystem fs = target.getFileSystem(conf);
      OutputGuard.requireReplaceable(command, target, target.toString(), conf);
      fs.mkdirs(staging);
      writeMarker(fs, staging);
      Path old = new Path(parent(), oldPrefix() + UUID.randomUUID());
      boolean hadOld = fs.exists(target);
      if (hadOld && !fs.rename(target, old)) {
        throw new IOException("Cannot move the previous output aside: " + target);
      }
      if (!fs.rename(staging, target)) {
        if (hadOld) {
          fs.rename(old, target);
        }
        throw new IOException(
            "Cannot move the new output into place: " + staging + " -> " + target);
      }
      forget(staging);
      if (hadOld) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      abort(staging);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      abort(staging);
      throw e;
    }
  }

  /** Removes a staging directory after a failure (best effort). */
  public void abort(Path staging) {
    try {
      staging.getFileSystem(conf).delete(staging, true);
      forget(staging);
    } catch (IOException e) {
      LOG.warn(
          "Cannot remove staging folder {}: {} (the next run of this output removes it)",
          staging,
          e.getMessage());
    }
  }

  private void writeMarker(FileSystem fs, Path dir) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("command", command);
    String v = AtomicOutput.class.getPackage().getImplementationVersion();
    m.put("version", v == null ? "dev" : v);
    m.put("written", Instant.now().toString());
    FileSystem raw = OutputGuard.raw(fs);
    Path marker = new Path(dir, OutputGuard.MARKER);
    raw.delete(marker, false);
    try (java.io.OutputStream os = raw.create(marker, false)) {
      os.write(MARKER_JSON.writeValueAsBytes(m));
    }
  }

  private Path parent() {
    Path p = target.getParent();
    if (p == null) {
      throw new IllegalArgumentException("Cannot write " + target + ": it has no parent folder");
    }
    return p;
  }

  private String stagingPrefix() {
    return "." + target.getName() + ".staging-";
  }

  private String oldPrefix() {
    return "." + target.getName() + ".old-";
  }

  /**
   * Removes {@code .<name>.staging-*}, {@code .<name>.old-*} and {@code <name>/_temporary} last
   * modified before this JVM started: they belong to runs that crashed or were killed. When the
   * target itself is missing, the newest {@code .old-*} is the previous output a run crashed in the
   * middle of swapping: it is moved back instead.
   */
  void removeStale(Path parent) {
    long runStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    try {
      FileSystem fs = parent.getFileSystem(conf);
      if (!fs.exists(parent)) {
        return;
      }
      FileStatus newestOld = null;
      boolean targetMissing = !fs.exists(target);
      for (FileStatus s : fs.listStatus(parent)) {
        String name = s.getPath().getName();
        boolean staging = name.startsWith(stagingPrefix());
        boolean old = name.startsWith(oldPrefix());
        if (!(staging || old) || s.getModificationTime() >= runStart) {
          continue;
        }
        if (old
            && targetMissing
            && (newestOld == null || s.getModificationTime() > newestOld.getModificationTime())) {
          newestOld = s;
          continue;
        }
        LOG.info("Removing stale staging folder {} (left by an earlier run)", s.getPath());
        fs.delete(s.getPath(), true);
      }
      if (newestOld != null) {
        LOG.warn(
            "Restoring {} from {} (an earlier run stopped while swapping it)",
            target,
            newestOld.getPath());
        fs.rename(newestOld.getPath(), target);
      }
      Path temporary = new Path(target, "_temporary");
      if (fs.exists(temporary) && fs.getFileStatus(temporary).getModificationTime() < runStart) {
        LOG.info("Removing stale {} (left by an earlier run)", temporary);
        fs.delete(temporary, true);
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove stale staging beside {}: {}", target, e.getMessage());
    }
  }

  private static void forget(Path staging) {
    PENDING.removeIf(p -> p.path.equals(staging));
  }

  /** Deletes the staging folders of runs still in progress (the JVM is stopping). */
  static void removePending() {
    for (Pending p : PENDING) {
      try {
        p.fs.delete(p.path, true);
      } catch (IOException | RuntimeException e) {
        // the file system may be closing already: the next run of this output removes it
      }
    }
    PENDING.clear();
  }

  /** For tests: the staging folders a shutdown would remove. */
  static int pendingCount() {
    return PENDING.size();
  }

  private record Pending(Path path, FileSystem fs) {}
}
