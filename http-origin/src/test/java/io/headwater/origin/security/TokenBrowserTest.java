package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.browser.BrowserDriver;
import io.headwater.origin.browser.LivePublish;
import io.headwater.origin.browser.PageServer;
import io.headwater.origin.browser.PlayReport;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.pipeline.StreamSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hls.js in Chromium plays a token-protected live stream from the URL an operator hands out
 * ({@code index.m3u8?token=...&exp=...}), with no custom player code: every playlist, init
 * segment and segment it fetches carries the token, and the origin refuses none of them.
 */
class TokenBrowserTest {
  private static final String SECRET = "a-playback-signing-secret";
  private static final int PLAY_SECONDS = 6;
  private static final Path OUT = Path.of("target", "browser").toAbsolutePath();

  @Test
  void hlsJsPlaysATokenProtectedStream() throws Exception {
    BrowserDriver.assumeAvailable();
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(6),
        Duration.ofMinutes(5));
    try (OriginServer server = OriginServer.start(OriginConfig.defaults()
            .withBindAddress("127.0.0.1").withPorts(0, 0).withStreamSettings(settings)
            .withAccessLog(false), Clock.systemUTC(),
            SecuritySettings.from(new ConfigLoader().parse(
                "apps: { live: { playback: { signingSecret: " + SECRET + " } } }", List.of())));
        PageServer pages = PageServer.start(BrowserDriver.JS_DIR.resolve("node_modules"));
        LivePublish publish = LivePublish.start(Tools.sample("h264-high-bframes-aac.flv"),
            "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/protected", 0)) {
      Http http = new Http(server.httpPort());
      long exp = Instant.now().getEpochSecond() + 600;
      String query = "?token=" + new PlaybackToken(SECRET, Clock.systemUTC())
          .sign("/live/protected/", exp, null) + "&exp=" + exp;
      http.awaitText("/live/protected/v.m3u8" + query, "#EXTINF", Duration.ofSeconds(30));
      assertThat(http.get("/live/protected/index.m3u8").statusCode()).isEqualTo(403);

      String src = http.url("/live/protected/index.m3u8" + query);
      String url = pages.url("/player.html?player=hls&src="
          + URLEncoder.encode(src, StandardCharsets.UTF_8) + "&seconds=" + PLAY_SECONDS
          + "&limit=" + (PLAY_SECONDS + 40));
      List<JsonNode> lines = BrowserDriver.run(List.of(BrowserDriver.Page.player("hls-token",
          url, (PLAY_SECONDS + 40) * 1000L + 15_000)), OUT.resolve("token"));
      assertThat(lines).hasSize(1);
      PlayReport r = PlayReport.parse(lines.get(0));
      String why = r.diagnostics();
      assertThat(r.started()).as("first frame: %s", why).isTrue();
      assertThat(r.fatalErrors()).as("fatal errors: %s", why).isEmpty();
      assertThat(r.playedWallSeconds()).as("played seconds: %s", why)
          .isGreaterThanOrEqualTo(PLAY_SECONDS - 1);
      assertThat(r.decodedFrames()).as("decoded frames: %s", why).isPositive();
      assertThat(http.text("/metrics")).as("the only refusal is the test's own tokenless GET")
          .contains("headwater_playback_denials_total 1.0");
      assertThat(publish.isAlive()).isTrue();
    }
  }
}
