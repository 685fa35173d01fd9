package org.melep.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes a value (records, maps, lists) as indented JSON to any Hadoop file system path. */
public final class JsonFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  public static void write(Configuration conf, Path path, Object value) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream os = fs.create(path, false)) {
        JSON.writeValue(os, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + path, e);
    }
  }
}
