package org.melep.zoo;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file system for zoo files (manifests, checkpoints). On the local file system it is the raw
 * one: Hadoop's checksummed local file system writes hidden {@code .crc} files and then refuses a
 * file edited or replaced by other tools ("Checksum error"), which is exactly what users do with a
 * manifest or a retrained model. Checkpoints are checked by their SHA-256 instead.
 */
public final class PlainFiles {
  private PlainFiles() {}

  public static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof ChecksumFileSystem checksummed) {
      return checksummed.getRawFileSystem();
    }
    return fs;
  }
}
