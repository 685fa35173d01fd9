package org.melep.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes an output directory aside and swaps it into place, so that a failed run leaves the
 * previous output intact and readers never see a half-written table.
 *
 * <p>Usage: {@code Path tmp = out.stagingPath(); write to tmp; out.commit(tmp);}. On object stores
 * without atomic rename the swap is a copy, but the old output is only removed after the new one
 * is complete.
 */
public final class AtomicOutput {
  private final Path target;
  private final Configuration conf;

  public AtomicOutput(String target, Configuration conf) {
    this.target = new Path(target);
    this.conf = conf;
  }

  public Path target() {
    return target;
  }

  /** A fresh sibling path to write the new output to. */
  public Path stagingPath() {
    return new Path(target.getParent(), "." + target.getName() + ".staging-" + UUID.randomUUID());
  }

  /** Replaces the target by the finished staging directory. */
  public void commit(Path staging) {
    try {
      FileSystem fs = target.getFileSystem(conf);
      Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
      boolean hadOld = fs.exists(target);
      if (hadOld && !fs.rename(target, old)) {
        throw new IOException("Cannot move the previous output aside: " + target);
      }
      if (!fs.rename(staging, target)) {
        if (hadOld) {
          fs.rename(old, target);
        }
        throw new IOException("Cannot move the new output into place: " + staging + " -> " + target);
      }
      if (hadOld) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes a staging directory after a failure (best effort). */
  public void abort(Path staging) {
    try {
      staging.getFileSystem(conf).delete(staging, true);
    } catch (IOException e) {
      // leave it: a later run writes to a fresh staging path
    }
  }
}
