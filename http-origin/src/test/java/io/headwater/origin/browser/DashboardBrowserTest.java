package io.headwater.origin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The origin's dashboard at {@code /} in Debian's Chromium, as an operator opens it while ffmpeg
 * publishes: the page lists the stream, shows its thumbnail at the stream's picture size, and its
 * hls.js player (served from the jar) plays once clicked. The screenshot taken when the player
 * has played is kept in {@code target/browser/dashboard.png}.
 */
class DashboardBrowserTest {
  private static final Path OUT = Path.of("target", "browser").toAbsolutePath();
  /** The sample's picture size (sample-media/make-samples.sh: testsrc2 at 640x360). */
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  /** Media seconds the dashboard's player must play before the page is done. */
  private static final int PLAY_SECONDS = 6;
  /** The dashboard's card of live/dashboard ("s-" APP "-" STREAM, see dashboard.html). */
  private static final String CARD_ID = "s-live-dashboard";

  private static OriginServer server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    BrowserDriver.assumeAvailable();
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0), Clock.systemUTC());
    http = new Http(server.httpPort());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String probe() throws IOException {
    try (InputStream in = DashboardBrowserTest.class
        .getResourceAsStream("/browser/dashboard-probe.js")) {
      assertThat(in).as("browser/dashboard-probe.js on the test classpath").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void dashboardListsTheLiveStreamWithItsThumbnailAndAPlayerThatPlays() throws Exception {
    String rtmp = "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/dashboard";
    try (LivePublish publish = LivePublish.start(Tools.sample("h264-high-bframes-aac.flv"),
        rtmp, 0)) {
      // A first segment means a keyframe, so the thumbnail exists when the page asks for it.
      http.awaitText("/live/dashboard/index.m3u8", "v.m3u8", Duration.ofSeconds(30));
      http.awaitText("/live/dashboard/v.m3u8", "#EXTINF", Duration.ofSeconds(30));
      Path screenshot = OUT.resolve("dashboard.png");
      Files.createDirectories(OUT);
      Files.deleteIfExists(screenshot);
      // The operator presses play once the player shows a picture (the page does not autoplay).
      String video = "#" + CARD_ID + " video";
      BrowserDriver.Click play = new BrowserDriver.Click(video,
          "(document.querySelector('" + video + "') || {}).readyState >= 2");
      BrowserDriver.Page page = new BrowserDriver.Page("dashboard", http.url("/"), 60_000,
          screenshot, play, "(" + probe() + ")('" + CARD_ID + "', " + PLAY_SECONDS + ")",
          "window.__dashboard");
      JsonNode line = BrowserDriver.run(List.of(page), OUT.resolve("dashboard")).get(0);
      System.out.println("Dashboard screenshot: " + screenshot);
      assertThat(publish.isAlive()).as("the publisher ran throughout").isTrue();

      JsonNode r = line.path("result");
      String why = diagnostics(line);
      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(r.path("listed").asBoolean()).as("the page lists the stream\n%s", why)
          .isTrue();
      soft.assertThat(r.path("text").asText())
          .as("the stream's card names it, its state and its HLS URL\n%s", why)
          .contains("live/dashboard", "(live)", http.url("/live/dashboard/index.m3u8"));
      List<String> sizes = new ArrayList<>();
      r.path("thumbnails").forEach(t -> sizes.add(
          t.path("width").asInt() + "x" + t.path("height").asInt()));
      soft.assertThat(sizes).as("thumbnails the page loaded (natural size)\n%s", why)
          .isNotEmpty().containsOnly(WIDTH + "x" + HEIGHT);
      soft.assertThat(mediaSecondsPlayed(r)).as("media seconds the player played\n%s", why)
          .isGreaterThanOrEqualTo(PLAY_SECONDS);
      JsonNode last = r.path("samples").path(r.path("samples").size() - 1);
      soft.assertThat(last.path("decoded").asLong()).as("decoded video frames\n%s", why)
          .isPositive();
      soft.assertThat(Files.isRegularFile(screenshot) ? Files.readAllBytes(screenshot)
          : new byte[0]).as("a PNG screenshot at %s", screenshot)
          .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      soft.assertAll();
    }
  }

  /** Media time from the first sample where the video had moved to the last sample. */
  private static double mediaSecondsPlayed(JsonNode result) {
    Double first = null;
    double last = 0;
    for (JsonNode s : result.path("samples")) {
      double t = s.path("time").asDouble();
      if (t > 0 && first == null) {
        first = t;
      }
      last = t;
    }
    return first == null ? 0 : last - first;
  }

  /** What a failed assertion should show: the driver's console lines, the card, the samples. */
  private static String diagnostics(JsonNode line) {
    StringBuilder b = new StringBuilder("timedOut=").append(line.path("timedOut").asBoolean())
        .append('\n');
    line.path("console").forEach(c -> b.append("  console ").append(c.asText()).append('\n'));
    JsonNode r = line.path("result");
    b.append("  hls.js ").append(r.path("hlsVersion").asText()).append('\n');
    b.append("  card ").append(r.path("text").asText().replace('\n', ' ')).append('\n');
    JsonNode thumbnails = r.path("thumbnails");
    b.append("  thumbnails loaded ").append(thumbnails.size()).append(", last ")
        .append(thumbnails.path(thumbnails.size() - 1)).append('\n');
    JsonNode samples = r.path("samples");
    for (int i = Math.max(0, samples.size() - 8); i < samples.size(); i++) {
      b.append("  sample ").append(samples.get(i)).append('\n');
    }
    return b.toString();
  }
}
