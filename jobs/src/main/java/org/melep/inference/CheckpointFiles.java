package org.melep.inference;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.melep.zoo.CheckpointSpec;
import org.melep.zoo.PlainFiles;

/** Reads checkpoint files from any Hadoop file system and checks their SHA-256. */
public final class CheckpointFiles {
  /** Largest model file read (Java arrays and ONNX Runtime's byte[] loader stop at 2 GB). */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 16;

  private CheckpointFiles() {}

  /** The file's bytes, unchecked. */
  public static byte[] read(CheckpointSpec spec, Configuration conf) {
    Path p = new Path(spec.uri());
    try {
      FileSystem fs = PlainFiles.of(p, conf);
      if (!fs.exists(p)) {
        throw new InferenceException(spec.name(), null, "model file not found: " + spec.uri());
      }
      long len = fs.getFileStatus(p).getLen();
      if (len > MAX_BYTES) {
        throw new InferenceException(
            spec.name(),
            null,
            "model file is larger than 2 GB: " + spec.uri() + " (" + len + " bytes)");
      }
      try (InputStream in = fs.open(p)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new InferenceException(
          spec.name(), null, "cannot read model file " + spec.uri() + ": " + e.getMessage(), e);
    }
  }

  /** The file's bytes after checking they hash to the manifest's {@code sha256}. */
  public static byte[] readVerified(CheckpointSpec spec, Configuration conf) {
    byte[] bytes = read(spec, conf);
    verify(spec, bytes);
    return bytes;
  }

  public static void verify(CheckpointSpec spec, byte[] bytes) {
    String actual = sha256(bytes);
    if (!actual.equals(spec.sha256())) {
      throw new InferenceException(
          spec.name(),
          null,
          "sha256 of "
              + spec.uri()
              + " is "
              + actual
              + " but the manifest says "
              + spec.sha256()
              + " (file replaced or manifest out of date)");
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash: SHA-256 unavailable", e);
    }
  }
}
