package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.Http;
import io.headwater.origin.MediaPlaylist;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.config.HeadwaterConfig;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.recording.RecordingSettings;
import io.headwater.storage.Durability;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Playback tokens in a cookie, for players that drop query strings, and recordings under
 * {@code /vod/APP/STREAM/} behind the same rule as their live stream.
 */
class CookieAndVodTokenEndToEndTest {
  private static final String SECRET = "a-playback-signing-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private static String cookieOf(HttpResponse<byte[]> r) {
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hw_token="))
        .findFirst().orElse(null);
  }

  @Test
  void aManifestWithAQueryTokenSetsAScopedCookieThatOpensTheStreamAndItsRecordings()
      throws Exception {
    HeadwaterConfig config = new ConfigLoader().parse("""
        apps:
          live: { record: true, playback: { signingSecret: %s } }
        """.formatted(SECRET), List.of());
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(1), 6, Duration.ofMillis(500),
        Duration.ofMinutes(5));
    try (OriginServer server = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0).withStreamSettings(settings)
        .withAccessLog(false).withDataDir(dataDir)
        .withRecording(RecordingSettings.from(config).withDurability(Durability.NONE)),
        Clock.systemUTC(), SecuritySettings.from(config))) {
      Http http = new Http(server.httpPort());
      Tools.Result published = Tools.run(List.of(Tools.ffmpeg(), "-hide_banner", "-loglevel",
          "error", "-i", Tools.sample("h264-baseline-aac.flv").toString(), "-t", "3", "-c",
          "copy", "-f", "flv", "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/cam1"), 60);
      assertThat(published.exitCode()).as(published.stderr()).isZero();
      long exp = Instant.now().getEpochSecond() + 600;
      PlaybackToken signer = new PlaybackToken(SECRET, Clock.systemUTC());
      String query = "?token=" + signer.sign("/live/cam1/", exp, null) + "&exp=" + exp;

      HttpResponse<byte[]> manifest = http.get("/live/cam1/ts/index.m3u8" + query);
      assertThat(manifest.statusCode()).isEqualTo(200);
      String cookie = cookieOf(manifest);
      assertThat(cookie).as("Set-Cookie").isNotNull()
          .containsIgnoringCase("Path=/live/cam1/").contains("HttpOnly").containsIgnoringCase("SameSite=Lax")
          .contains("Max-Age=");
      String pair = cookie.substring(0, cookie.indexOf(';'));

      // A player that drops the query: playlist and segment with the cookie alone.
      HttpResponse<byte[]> plain = http.get("/live/cam1/ts/index.m3u8", "Cookie", pair);
      assertThat(plain.statusCode()).isEqualTo(200);
      String segment = MediaPlaylist.parse(new String(plain.body(), StandardCharsets.UTF_8))
          .segments().get(0).uri().replaceAll("\\?.*", "");
      assertThat(http.get("/live/cam1/ts/" + segment, "Cookie", pair).statusCode())
          .isEqualTo(200);
      assertThat(http.get("/live/cam1/ts/" + segment).statusCode()).as("no cookie")
          .isEqualTo(403);
      assertThat(http.get("/live/cam1/ts/" + segment, "Cookie",
          pair.substring(0, pair.length() - 2) + "00").statusCode()).as("tampered cookie")
          .isEqualTo(403);
      assertThat(http.get("/live/cam1/ts/" + segment, "Cookie",
          "hw_token=" + exp + "." + signer.sign("/live/cam2/", exp, null)).statusCode())
          .as("another stream's token").isEqualTo(403);
      assertThat(cookieOf(plain)).as("no new cookie without a query token").isNull();

      // The stream's recording: refused without a token, opened by the stream's token.
      JsonNode rec = awaitRecording(http);
      String vod = rec.get("urls").get("hls").asText();
      assertThat(vod).startsWith("/vod/live/cam1/");
      assertThat(http.get(vod).statusCode()).as("recording without a token").isEqualTo(403);
      HttpResponse<byte[]> vodManifest = http.get(vod + query);
      assertThat(vodManifest.statusCode()).isEqualTo(200);
      String vodCookie = cookieOf(vodManifest);
      assertThat(vodCookie).containsIgnoringCase("Path=/vod/live/cam1/");
      String media = vod.replace("index.m3u8", "v.m3u8");
      assertThat(http.get(media, "Cookie", vodCookie.substring(0, vodCookie.indexOf(';')))
          .statusCode()).isEqualTo(200);
      assertThat(http.get(media).statusCode()).isEqualTo(403);
    }
  }

  private static JsonNode awaitRecording(Http http) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode r : JSON.readTree(http.text("/api/recordings")).get("recordings")) {
        if (r.get("stream").asText().equals("cam1") && r.get("segments").asInt() > 0) {
          return r;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no recording of live/cam1 listed within 20 s");
  }
}
