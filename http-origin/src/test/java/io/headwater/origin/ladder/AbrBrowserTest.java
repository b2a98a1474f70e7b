package io.headwater.origin.ladder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.Http;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.browser.BrowserDriver;
import io.headwater.origin.browser.PageServer;
import io.headwater.origin.browser.PlayReport;
import io.headwater.origin.pipeline.StreamSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * hls.js, dash.js and Shaka play an ABR group (three renditions from one ffmpeg) in Chromium, and
 * a switch forced through the player API (hls.js nextLevel, dash.js setRepresentationForTypeById,
 * Shaka selectVariantTrack) puts the other rendition's pictures on screen without a stall. One
 * short play in two tabs, then Shaka's on its own (three players at once starve two cores).
 */
class AbrBrowserTest {
  private static final int PLAY_SECONDS = 20;
  private static final int SWITCH_AFTER_SECONDS = 6;
  private static final Path OUT = Path.of("target", "browser").toAbsolutePath();

  private static OriginServer server;
  private static PageServer pages;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    BrowserDriver.assumeAvailable();
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6,
        Duration.ofSeconds(30), Duration.ofMinutes(5));
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withStreamSettings(settings), Clock.systemUTC());
    http = new Http(server.httpPort());
    pages = PageServer.start(BrowserDriver.JS_DIR.resolve("node_modules"));
  }

  @AfterAll
  static void stop() {
    if (pages != null) {
      pages.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static BrowserDriver.Page page(String player, String manifest) {
    String src = http.url("/live/abr/" + manifest);
    int limit = PLAY_SECONDS + 40;
    return BrowserDriver.Page.player(player, pages.url("/abr-player.html?player=" + player
        + "&src=" + URLEncoder.encode(src, StandardCharsets.UTF_8) + "&seconds=" + PLAY_SECONDS
        + "&limit=" + limit + "&switchAfter=" + SWITCH_AFTER_SECONDS), limit * 1000L + 15_000);
  }

  @Test
  void hlsJsDashJsAndShakaSwitchRenditionWithoutAStall() throws Exception {
    Process ffmpeg = LadderPublisher.encode(
        "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/",
        new String[] {"abr_360", "abr_240", "abr_144"}, new int[] {360, 240, 144},
        new int[] {900, 400, 150});
    List<JsonNode> lines;
    try {
      for (String name : new String[] {"abr_360", "abr_240", "abr_144"}) {
        awaitSegments("/live/" + name + "/v.m3u8", 3);
      }
      lines = new ArrayList<>(BrowserDriver.run(
          List.of(page("hls", "index.m3u8"), page("dash", "index.mpd")),
          OUT.resolve("abr-switch")));
      lines.addAll(BrowserDriver.run(List.of(page("shaka", "index.mpd")),
          OUT.resolve("abr-switch-shaka")));
    } finally {
      LadderPublisher.stop(ffmpeg);
    }
    SoftAssertions soft = new SoftAssertions();
    for (JsonNode line : lines) {
      PlayReport report = PlayReport.parse(line);
      JsonNode abr = line.path("result").path("abr");
      String why = report.id() + "\n" + abr + "\n" + report.diagnostics();
      soft.assertThat(report.started()).as("%s: first frame", why).isTrue();
      soft.assertThat(report.fatalErrors()).as("%s: fatal errors", why).isEmpty();
      soft.assertThat(report.stallsAfterStart()).as("%s: waiting events after start", why)
          .isZero();
      soft.assertThat(report.advanceRatio()).as("%s: media time / wall time", why)
          .isGreaterThanOrEqualTo(0.9);
      soft.assertThat(abr.path("renditions").size()).as("%s: renditions the player saw", why)
          .isEqualTo(3);
      soft.assertThat(abr.path("error").isNull()).as("%s: the switch call", why).isTrue();
      int target = abr.path("targetHeight").asInt();
      soft.assertThat(target).as("%s: a switch to another height", why)
          .isPositive().isNotEqualTo(abr.path("fromHeight").asInt());
      // After the switch: the target height on screen, and frames decoded at it.
      long switchMs = abr.path("switchMs").asLong();
      long firstDecodedAtTarget = -1;
      long lastDecodedAtTarget = -1;
      for (JsonNode h : abr.path("heights")) {
        if (h.path("ms").asLong() > switchMs && h.path("height").asInt() == target) {
          if (firstDecodedAtTarget < 0) {
            firstDecodedAtTarget = h.path("decoded").asLong();
          }
          lastDecodedAtTarget = h.path("decoded").asLong();
        }
      }
      soft.assertThat(firstDecodedAtTarget).as("%s: the new rendition reached the screen", why)
          .isNotNegative();
      soft.assertThat(lastDecodedAtTarget - firstDecodedAtTarget)
          .as("%s: frames decoded at the new rendition's size", why)
          .isGreaterThanOrEqualTo(30);
    }
    soft.assertAll();
  }

  private static void awaitSegments(String path, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    http.awaitText(path, "#EXTINF", Duration.ofSeconds(30));
    while (MediaPlaylist.parse(http.text(path)).segments().size() < count) {
      assertThat(System.nanoTime()).as("%s lists %d segments in time", path, count)
          .isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
