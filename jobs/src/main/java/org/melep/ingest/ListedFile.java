package org.melep.ingest;

import java.io.Serializable;

/**
 * A file found under an input folder: its full path (a Hadoop URI) and length in bytes. (A plain
 * class rather than a record: Spark may serialise it with Kryo, which cannot build records.)
 */
public final class ListedFile implements Serializable {
  private final String path;
  private final long length;

  public ListedFile(String path, long length) {
    this.path = path;
    this.length = length;
  }

  public String path() {
    return path;
  }

  public long length() {
    return length;
  }

  /** The file name. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The path of the folder holding it. */
  public String parent() {
    return path.substring(0, Math.max(0, path.lastIndexOf('/')));
  }

  /** The name without its last extension. */
  public String stem() {
    String n = name();
    int dot = n.lastIndexOf('.');
    return dot <= 0 ? n : n.substring(0, dot);
  }

  /** The last extension, lower case, without the dot ("" when none). */
  public String extension() {
    String n = name();
    int dot = n.lastIndexOf('.');
    return dot <= 0 ? "" : n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
