package org.melep;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The real ECG sample records the tests read: a small subset of public data kept in the project's
 * test resources ({@code src/test/resources/ecg}, sources and licences in its README.md), read from
 * the test classpath so that nothing outside the project is needed.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    URL readme = SharedData.class.getResource("/ecg/README.md");
    if (readme == null || !"file".equals(readme.getProtocol())) {
      throw new IllegalStateException("test resources ecg/ not found on the test classpath");
    }
    try {
      return Path.of(readme.toURI()).getParent().toAbsolutePath().normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
