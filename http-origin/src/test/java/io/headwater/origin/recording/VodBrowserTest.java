package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.browser.BrowserDriver;
import io.headwater.origin.browser.PageServer;
import io.headwater.origin.browser.PlayReport;
import io.headwater.origin.browser.Player;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VOD of media-folder files in real players: hls.js, dash.js and Shaka in Debian's Chromium play
 * an MP4 and an FLV with B-frames dropped into DATADIR/media, packaged on their first request,
 * from start to end, one file at a time. Skipped, with a line saying so, where Chromium or the players' node modules are missing.
 */
class VodBrowserTest {
  private static final int LIMIT_SECONDS = 40;
  private static final Path OUT = Path.of("target", "browser-vod").toAbsolutePath();

  private static OriginServer server;
  private static PageServer pages;
  private static Http http;

  @TempDir static Path dataDir;

  @BeforeAll
  static void start() throws Exception {
    String missing = BrowserDriver.missingPrerequisite();
    if (missing != null) {
      System.out.println("VOD browser tests skipped: " + missing);
    }
    assumeTrue(missing == null, () -> "VOD browser tests skipped: " + missing);
    Path media = Files.createDirectories(dataDir.resolve("media"));
    Files.copy(Tools.sample("h264-high-bframes-aac.flv"), media.resolve("show.flv"));
    assertThat(Tools.run(List.of(Tools.ffmpeg(), "-v", "error", "-i",
        Tools.sample("h264-baseline-aac.flv").toString(), "-c", "copy", "-movflags",
        "+faststart", media.resolve("talk.mp4").toString()), 60).exitCode()).isZero();
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withDataDir(dataDir), Clock.systemUTC());
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

  /** The versioned URL the media-folder redirect points to. */
  private static String resolved(String path) throws Exception {
    return http.url(http.get(path).headers().firstValue("Location").orElseThrow());
  }

  @Test
  void anMp4PlaysToItsEndInEveryPlayer() throws Exception {
    playToTheEnd("talk.mp4");
  }

  /**
   * B-frames: the video's first frame presents at its Period start (signed composition offsets),
   * so dash.js has no start gap to jump, where it once stopped at 0.067 s.
   */
  @Test
  void anFlvWithBFramesPlaysToItsEndInEveryPlayer() throws Exception {
    playToTheEnd("show.flv");
  }

  /** Four tabs at once (hls.js and Shaka on HLS, dash.js and Shaka on DASH), to the end. */
  private static void playToTheEnd(String file) throws Exception {
    Map<String, String> sources = new HashMap<>();
    sources.put(file + " HLS", resolved("/vod/" + file + "/index.m3u8"));
    sources.put(file + " DASH", resolved("/vod/" + file + "/index.mpd"));
    List<BrowserDriver.Page> list = new ArrayList<>();
    for (Map.Entry<String, String> s : sources.entrySet()) {
      for (Player p : Player.values()) {
        if (p == Player.DASH_JS && s.getKey().endsWith("HLS")
            || p == Player.HLS_JS && s.getKey().endsWith("DASH")) {
          continue;
        }
        String url = pages.url("/player.html?player=" + p.pageName()
            + "&src=" + URLEncoder.encode(s.getValue(), StandardCharsets.UTF_8)
            + "&seconds=" + LIMIT_SECONDS + "&untilEnded=1&limit=" + LIMIT_SECONDS);
        list.add(BrowserDriver.Page.player(p.label() + " " + s.getKey(), url,
            LIMIT_SECONDS * 1000L + 15_000));
      }
    }
    SoftAssertions soft = new SoftAssertions();
    int reports = 0;
    for (JsonNode line : BrowserDriver.run(list, OUT.resolve(file))) {
      PlayReport r = PlayReport.parse(line);
      reports++;
      String why = r.id() + "\n" + r.diagnostics();
      soft.assertThat(r.started()).as("%s: first frame", why).isTrue();
      soft.assertThat(r.fatalErrors()).as("%s: fatal errors", why).isEmpty();
      soft.assertThat(r.endedMs()).as("%s: played to the end", why).isNotNull();
      soft.assertThat(r.lastMediaTime()).as("%s: media time at the end", why)
          .isGreaterThan(9.5);
      soft.assertThat(r.decodedFrames()).as("%s: decoded frames", why).isPositive();
    }
    soft.assertThat(reports).as("one report per page").isEqualTo(list.size());
    soft.assertAll();
  }
}
