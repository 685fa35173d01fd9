package org.melep.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output-safety rules of every melep command that writes (see {@code docs/safety.md}), checked
 * before any Spark work and again by {@link AtomicOutput} before the swap:
 *
 * <ul>
 *   <li>an output must not be, contain or lie inside one of the command's inputs, nor another of
 *       its outputs (paths are compared qualified and normalized; local paths with symlinks
 *       resolved);
 *   <li>an output that exists must be an empty folder or a previous output of the same command: a
 *       folder holding a {@link #MARKER} file that names the command.
 * </ul>
 *
 * <p>Usage: {@code new OutputGuard(conf).input(corpus).output("score", out).check();}
 */
public final class OutputGuard {
  /** The metadata file in every output folder melep writes: command, version, time. */
  public static final String MARKER = "_melep_output.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final List<String> inputs = new ArrayList<>();
  private final List<String[]> outputs = new ArrayList<>();
  private final List<String[]> required = new ArrayList<>();

  public OutputGuard(Configuration conf) {
    this.conf = conf;
  }

  /** An input path (a file, a folder or a glob); {@code null} is ignored. */
  public OutputGuard input(String path) {
    if (path != null && !path.isBlank()) {
      inputs.add(path);
    }
    return this;
  }

  /**
   * An input that must exist (a glob: match something); {@link #check} names the option when it
   * does not. {@code null} is ignored.
   */
  public OutputGuard requiredInput(String option, String path) {
    if (path != null && !path.isBlank()) {
      inputs.add(path);
      required.add(new String[] {option, path});
    }
    return this;
  }

  public OutputGuard inputs(Iterable<String> paths) {
    if (paths != null) {
      paths.forEach(this::input);
    }
    return this;
  }

  /** An output folder that {@code command} replaces. */
  public OutputGuard output(String command, String path) {
    outputs.add(new String[] {command, path});
    return this;
  }

  /**
   * Throws {@link IllegalArgumentException} naming the option when a required input is missing, and
   * {@link UnsafeOutputException} when an output breaks a rule.
   */
  public void check() {
    checkInputsExist();
    List<Path> in = new ArrayList<>();
    for (String i : inputs) {
      in.add(resolve(stripGlob(i), conf));
    }
    List<Path> out = new ArrayList<>();
    for (String[] o : outputs) {
      out.add(resolve(o[1], conf));
    }
    for (int k = 0; k < outputs.size(); k++) {
      String shown = outputs.get(k)[1];
      Path o = out.get(k);
      for (int i = 0; i < inputs.size(); i++) {
        String relation = relation(o, in.get(i));
        if (relation != null) {
          throw new UnsafeOutputException(
              "Cannot write "
                  + shown
                  + ": it "
                  + relation
                  + " the input "
                  + inputs.get(i)
                  + shownResolved(shown, o, inputs.get(i), in.get(i))
                  + "; choose an output folder apart from the inputs");
        }
      }
      for (int j = 0; j < k; j++) {
        String relation = relation(o, out.get(j));
        if (relation != null) {
          throw new UnsafeOutputException(
              "Cannot write "
                  + shown
                  + ": it "
                  + relation
                  + " the other output "
                  + outputs.get(j)[1]
                  + "; choose outputs apart from each other");
        }
      }
      requireReplaceable(outputs.get(k)[0], o, shown, conf);
    }
  }

  /**
   * Requires {@code target} to be absent, an empty folder, or a previous output of {@code command}
   * (a folder whose {@link #MARKER} names it).
   */
  public static void requireReplaceable(
      String command, Path target, String shown, Configuration conf) {
    try {
      FileSystem fs = target.getFileSystem(conf);
      FileStatus status;
      try {
        status = fs.getFileStatus(target);
      } catch (FileNotFoundException e) {
        return;
      }
      if (!status.isDirectory()) {
        throw new UnsafeOutputException(
            "Cannot write "
                + shown
                + ": it is an existing file, not an output of melep "
                + command
                + "; remove it or choose another output path");
      }
      FileStatus[] children = fs.listStatus(target);
      if (children.length == 0) {
        return;
      }
      String writer = markerCommand(raw(fs), new Path(target, MARKER));
      if (writer == null) {
        throw new UnsafeOutputException(
            "Cannot write "
                + shown
                + ": it exists and is not an output of melep "
                + command
                + " (no "
                + MARKER
                + " in it); remove it or choose another output path");
      }
      if (!writer.equals(command)) {
        throw new UnsafeOutputException(
            "Cannot write "
                + shown
                + ": it is an output of melep "
                + writer
                + ", not of melep "
                + command
                + "; choose another output path");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check output " + shown + ": " + e.getMessage(), e);
    }
  }

  /**
   * Throws {@link IllegalArgumentException} naming the option of the first missing required input.
   */
  public OutputGuard checkInputsExist() {
    for (String[] r : required) {
      requireExists(r[0], r[1], conf);
    }
    return this;
  }

  /** Requires a path (or a glob's matches) to exist. */
  static void requireExists(String option, String path, Configuration conf) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      boolean glob = !stripGlob(path).equals(path);
      FileStatus[] matches = glob ? fs.globStatus(p) : null;
      boolean exists = glob ? matches != null && matches.length > 0 : fs.exists(p);
      if (!exists) {
        throw new IllegalArgumentException(
            "Cannot read "
                + option
                + " "
                + path
                + ": "
                + (glob ? "nothing matches it" : "no such file or folder"));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read " + option + " " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file system without Hadoop's local checksums: a marker edited by hand (see {@code
   * docs/safety.md}) must not fail a stale {@code .crc}, and melep writes none for it.
   */
  static FileSystem raw(FileSystem fs) {
    return fs instanceof org.apache.hadoop.fs.ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }

  /** The command named by a marker file, or {@code null} when there is none or it is unreadable. */
  static String markerCommand(FileSystem fs, Path marker) throws IOException {
    if (!fs.exists(marker)) {
      return null;
    }
    try (InputStream in = fs.open(marker)) {
      JsonNode node = JSON.readTree(in);
      JsonNode c = node == null ? null : node.get("command");
      return c == null || !c.isTextual() ? null : c.asText();
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return null;
    }
  }

  /**
   * How {@code output} relates to {@code other}: "is", "contains", "lies inside", or {@code null}
   * when they are apart.
   */
  static String relation(Path output, Path other) {
    if (output.equals(other)) {
      return "is";
    }
    if (isUnder(other, output)) {
      return "contains";
    }
    if (isUnder(output, other)) {
      return "lies inside";
    }
    return null;
  }

  /** Whether {@code inner} lies strictly below {@code outer} (same file system). */
  static boolean isUnder(Path inner, Path outer) {
    for (Path p = inner.getParent(); p != null; p = p.getParent()) {
      if (p.equals(outer)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The path qualified by its file system (scheme, authority, working folder) and normalized; on
   * the local file system with symbolic links resolved (of the longest part that exists).
   */
  public static Path resolve(String path, Configuration conf) {
    Path p = new Path(path);
    FileSystem fs;
    try {
      fs = p.getFileSystem(conf);
    } catch (IOException e) {
      if (p.toUri().getScheme() != null && p.isAbsolute()) {
        return p; // a file system this JVM cannot open (no client on the classpath): compare as
        // given
      }
      throw new UncheckedIOException("Cannot resolve path " + path + ": " + e.getMessage(), e);
    }
    try {
      Path q = fs.makeQualified(p);
      if ("file".equals(q.toUri().getScheme())) {
        return localReal(q);
      }
      return q;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot resolve path " + path + ": " + e.getMessage(), e);
    }
  }

  private static Path localReal(Path q) throws IOException {
    java.nio.file.Path local = Paths.get(q.toUri()).normalize();
    java.nio.file.Path existing = local;
    List<String> rest = new ArrayList<>();
    while (existing != null && !Files.exists(existing)) {
      if (existing.getFileName() != null) {
        rest.add(0, existing.getFileName().toString());
      }
      existing = existing.getParent();
    }
    java.nio.file.Path real = existing == null ? local.getRoot() : existing.toRealPath();
    for (String r : rest) {
      real = real.resolve(r);
    }
    return new Path("file", null, real.toString());
  }

  /** The folder part of a glob ({@code D/*.json} -> {@code D}); other paths unchanged. */
  static String stripGlob(String path) {
    int g = -1;
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int i = path.indexOf(c);
      if (i >= 0 && (g < 0 || i < g)) {
        g = i;
      }
    }
    if (g < 0) {
      return path;
    }
    int slash = path.lastIndexOf('/', g);
    return slash <= 0 ? (slash == 0 ? "/" : ".") : path.substring(0, slash);
  }

  private static String shownResolved(String shownOut, Path out, String shownIn, Path in) {
    boolean plain =
        new Path(shownOut).isAbsolute()
            && new Path(shownIn).isAbsolute()
            && out.toUri().getPath().equals(new Path(shownOut).toUri().getPath())
            && in.toUri().getPath().equals(new Path(shownIn).toUri().getPath());
    return plain ? "" : " (" + out + " and " + in + ")";
  }
}
