package io.headwater.origin.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/js/play.mjs} (playwright-core driving Debian's Chromium) on a set of pages
 * that play at the same time, one tab each, and returns what each page reported.
 */
public final class BrowserDriver {
  /** Debian's Chromium: the only browser these tests use; none is ever downloaded. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** The npm project with the pinned players and playwright-core (module-relative). */
  public static final Path JS_DIR = Path.of("src", "test", "js").toAbsolutePath();

  /** Pause between the starts of two tabs, so that start-ups do not compete for 2 cores. */
  public static final long STAGGER_MS = 1500;

  /** Set to "required" by the browser-tests Maven profile. */
  private static final String REQUIRED_PROPERTY = "headwater.browserTests";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BrowserDriver() {}

  /**
   * A viewer's click on the element {@code selector}, once the page expression {@code when} is
   * true (e.g. the video shows its first picture).
   */
  public record Click(String selector, String when) {}

  /**
   * One tab: the page to open, a click to make on it (null for none), when the page is done, what
   * to read from it, and where to keep a screenshot taken when it is done (null for none).
   */
  public record Page(String id, String url, long timeoutMs, Path screenshot, Click click,
      String doneExpression, String resultExpression) {
    /** A page of player.html, done when its report says so. */
    public static Page player(String id, String url, long timeoutMs) {
      return new Page(id, url, timeoutMs, null, null, null, null);
    }
  }

  /**
   * Skips the calling test class, with one line saying why, when Chromium or the npm packages are
   * missing; fails it instead when the browser-tests Maven profile (active when Chromium is
   * installed) requires the browser tests to run.
   */
  public static void assumeAvailable() {
    String missing = missingPrerequisite();
    assertThat(missing == null || !"required".equals(System.getProperty(REQUIRED_PROPERTY)))
        .as("browser tests cannot run: %s", missing).isTrue();
    if (missing != null) {
      System.out.println("Browser tests skipped: " + missing);
    }
    assumeTrue(missing == null, () -> "Browser tests skipped: " + missing);
  }

  /** Why the browser tests cannot run here, or null when everything they need is installed. */
  public static String missingPrerequisite() {
    if (!Files.isExecutable(CHROMIUM)) {
      return CHROMIUM + " not found (apt-get install chromium)";
    }
    if (!Files.isDirectory(JS_DIR.resolve("node_modules/playwright-core"))) {
      return JS_DIR + "/node_modules not installed (cd " + JS_DIR + " && npm ci)";
    }
    return null;
  }

  /**
   * Opens every page in one fresh Chromium profile, waits until each is done or timed out, and
   * returns one JSON object per page ({@code id}, {@code result}, {@code console},
   * {@code timedOut}), in the order they finished.
   */
  public static List<JsonNode> run(List<Page> pages, Path workDir)
      throws IOException, InterruptedException {
    workDir = Files.createDirectories(workDir.toAbsolutePath());
    ObjectNode plan = JSON.createObjectNode();
    plan.put("chromium", CHROMIUM.toString());
    plan.put("staggerMs", STAGGER_MS);
    plan.put("userDataDir", Files.createTempDirectory(workDir, "profile-").toString());
    ArrayNode list = plan.putArray("pages");
    long longest = 0;
    for (Page p : pages) {
      ObjectNode o = list.addObject();
      o.put("id", p.id());
      o.put("url", p.url());
      o.put("timeoutMs", p.timeoutMs());
      if (p.screenshot() != null) {
        o.put("screenshot", p.screenshot().toAbsolutePath().toString());
      }
      if (p.click() != null) {
        o.putObject("click").put("selector", p.click().selector())
            .put("when", p.click().when());
      }
      if (p.doneExpression() != null) {
        o.put("doneExpression", p.doneExpression());
      }
      if (p.resultExpression() != null) {
        o.put("resultExpression", p.resultExpression());
      }
      longest = Math.max(longest, p.timeoutMs());
    }
    Path planFile = Files.createTempFile(workDir, "plan-", ".json");
    JSON.writeValue(planFile.toFile(), plan);
    Path stderr = workDir.resolve(planFile.getFileName() + ".stderr.txt");
    Process node = new ProcessBuilder("node", "play.mjs", planFile.toString())
        .directory(JS_DIR.toFile())
        .redirectError(stderr.toFile())
        .start();
    // A hung browser must not hang the build: the driver is killed past every page's limit.
    long limitMs = longest + STAGGER_MS * pages.size() + 90_000;
    CompletableFuture<Void> watchdog = CompletableFuture.runAsync(node::destroyForcibly,
        CompletableFuture.delayedExecutor(limitMs, TimeUnit.MILLISECONDS));
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode result = JSON.readTree(line);
          // The raw report of each page stays in the work directory, for a closer look.
          Files.writeString(workDir.resolve(result.path("id").asText("page") + ".json"), line);
          out.add(result);
        }
      }
    } finally {
      watchdog.cancel(false);
    }
    if (!node.waitFor(30, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IOException("the browser driver did not exit; see " + stderr);
    }
    if (node.exitValue() != 0 || out.size() != pages.size()) {
      throw new IOException("the browser driver exited " + node.exitValue() + " with "
          + out.size() + " of " + pages.size() + " results:\n" + Files.readString(stderr));
    }
    return out;
  }
}
