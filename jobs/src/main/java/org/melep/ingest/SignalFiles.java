package org.melep.ingest;

import java.io.IOException;

/** Reads a signal file named by a header, relative to the header's folder. */
@FunctionalInterface
public interface SignalFiles {
  /**
   * The bytes of {@code fileName}; throws {@link java.io.FileNotFoundException} when it does not
   * exist.
   */
  byte[] read(String fileName) throws IOException;
}
