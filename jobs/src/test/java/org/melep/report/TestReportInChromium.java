package org.melep.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Renders index.html in headless Chromium (Debian's chromium package; .ci/run installs it) with
 * every host name resolving nowhere, and checks from Chromium's own network log that the page asked
 * for no network resource, and that the screenshot is not blank ({@link
 * #checkRendersOfflineAndIsNotBlank}, run by {@link TestReportJob} on its report); here, that the
 * network check does see a page that fetches something. Skipped, saying so, where /usr/bin/chromium
 * is absent.
 */
class TestReportInChromium {
  static final Path CHROMIUM = Path.of(System.getProperty("melep.chromium", "/usr/bin/chromium"));
  private static final Pattern EXTERNAL =
      Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[/\"' )]");

  /**
   * Checks a written report ({@code dir/index.html}): no URL off the machine in the page, no
   * network request when Chromium renders it, a screenshot that is not blank. {@link TestReportJob}
   * calls it on the report it writes (one report computed for both).
   */
  static void checkRendersOfflineAndIsNotBlank(Path dir) throws Exception {
    skipWithoutChromium();
    Path index = dir.resolve("index.html");
    String html = Files.readString(index);
    // nothing in the page points off the machine: no http(s) or protocol-relative URL, only data:
    // and relative links
    Matcher m = EXTERNAL.matcher(html);
    assertThat(m.find()).as(() -> "external URL in index.html: " + m.group()).isFalse();
    assertThat(html).doesNotContain("<script").doesNotContain("@import").doesNotContain("<link");

    Path work = Files.createTempDirectory(Path.of("target"), "report-chromium");
    Render page = render(index, work);
    assertThat(page.networkRequests()).as("requests of the page").isEmpty();
    BufferedImage shot = ImageIO.read(page.screenshot().toFile());
    assertThat(shot.getWidth()).isEqualTo(1366);
    assertThat(inkFraction(shot)).as("share of non-white pixels").isGreaterThan(0.02);
    assertThat(colours(shot)).as("distinct colours (text and figures)").isGreaterThan(50);
  }

  @Test
  void theNetworkCheckSeesAPageThatFetchesSomething() throws Exception {
    skipWithoutChromium();
    Path dir = Files.createTempDirectory(Path.of("target"), "chromium-control");
    Path page = dir.resolve("fetching.html");
    Files.writeString(
        page,
        "<!DOCTYPE html><html><body><h1>control</h1><img src=\"http://example.invalid/x.png\"></body></html>");
    assertThat(render(page, dir).networkRequests()).containsExactly("http://example.invalid/x.png");
  }

  static void skipWithoutChromium() {
    if (!Files.isExecutable(CHROMIUM)) {
      System.out.println(
          "TestReportInChromium: skipped: "
              + CHROMIUM
              + " not found (apt-get install -y chromium)");
      Assumptions.abort(CHROMIUM + " not found: the HTML rendering check was skipped");
    }
  }

  record Render(Path screenshot, List<String> networkRequests) {}

  /**
   * Screenshot and the URLs the page (not the browser itself) requested, from Chromium's net log.
   */
  static Render render(Path html, Path work) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile");
    Path shot = work.resolve("screenshot-" + System.nanoTime() + ".png");
    Path netLog = work.resolve("netlog-" + System.nanoTime() + ".json");
    List<String> cmd =
        List.of(
            CHROMIUM.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile.toAbsolutePath(),
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--log-net-log=" + netLog.toAbsolutePath(),
            "--window-size=1366,2400",
            "--screenshot=" + shot.toAbsolutePath(),
            html.toAbsolutePath().toUri().toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("chromium.log").toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 180 s: " + String.join(" ", cmd));
    }
    assertThat(shot)
        .as(
            "chromium wrote no screenshot; exit "
                + p.exitValue()
                + ", log "
                + work.resolve("chromium.log"))
        .exists();
    return new Render(shot, pageRequests(netLog.toFile()));
  }

  /**
   * URL_REQUEST_START_JOB events whose site is the page's (file://) origin: the browser's own
   * background requests carry no origin and are not the page's doing.
   */
  static List<String> pageRequests(File netLog) throws IOException {
    JsonNode log = new ObjectMapper().readTree(netLog);
    int start = log.path("constants").path("logEventTypes").path("URL_REQUEST_START_JOB").asInt(-1);
    assertThat(start).as("net log event type URL_REQUEST_START_JOB").isGreaterThanOrEqualTo(0);
    List<String> out = new ArrayList<>();
    for (JsonNode e : log.path("events")) {
      JsonNode params = e.path("params");
      if (e.path("type").asInt() != start || !params.has("url")) {
        continue;
      }
      String url = params.path("url").asText();
      boolean fromPage =
          !params.path("initiator").asText().equals("not an origin")
              || params.path("site_for_cookies").asText().contains("file://");
      if (fromPage && !url.startsWith("file:") && !url.startsWith("data:") && !out.contains(url)) {
        out.add(url);
      }
    }
    return out;
  }

  static double inkFraction(BufferedImage img) {
    long ink = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        ink += rgb != 0xffffff ? 1 : 0;
      }
    }
    return (double) ink / ((long) img.getWidth() * img.getHeight());
  }

  static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
