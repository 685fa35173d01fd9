package org.melep;

import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only sample data in {@code ../shared/data}, read in place. */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("melep.shared.data");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "shared", "data");
    if (!Files.isDirectory(p)) {
      p = Path.of("..", "..", "shared", "data");
    }
    return p.toAbsolutePath().normalize();
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
