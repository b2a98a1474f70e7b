package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.PlaylistUris;
import io.headwater.origin.Tools;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The playback door: with apps.live.playback.signingSecret, every object of a stream needs a
 * valid token for that stream; the manifests served with a token carry it on every URI, and
 * following those URIs plays. The streams are published once with real ffmpeg.
 */
class PlaybackAuthEndToEndTest {
  private static final String SECRET = "the-playback-secret";
  private static final Pattern MPD_URL = Pattern.compile("(initialization|media)=\"([^\"]+)\"");
  private static SecureOrigin origin;
  private static final PlaybackToken TOKENS = new PlaybackToken(SECRET, Clock.systemUTC());

  @BeforeAll
  static void publish() throws Exception {
    origin = new SecureOrigin("""
        apps:
          live: { playback: { signingSecret: %s } }
        """.formatted(SECRET));
    for (String stream : List.of("cam", "other")) {
      Tools.Result r = origin.publish("live/" + stream);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
    }
    String q = query("/live/cam/", Instant.now().getEpochSecond() + 600, null);
    origin.http.awaitText("/live/cam/v.m3u8?" + q, "#EXTINF", Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  private static String query(String prefix, long exp, String ip) {
    return "token=" + TOKENS.sign(prefix, exp, ip) + "&exp=" + exp;
  }

  private static String valid() {
    return query("/live/cam/", Instant.now().getEpochSecond() + 600, null);
  }

  private static int status(String path) throws Exception {
    return origin.http.get(path).statusCode();
  }

  private static String text(String path) throws Exception {
    HttpResponse<byte[]> r = origin.http.get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void withoutTamperedExpiredOrAnotherStreamsTokenEveryObjectIs403() throws Exception {
    String good = valid();
    String segment = "/live/cam/" + firstSegment(text("/live/cam/v.m3u8?" + good));
    String bare = segment.substring(0, segment.indexOf('?'));
    long exp = Instant.now().getEpochSecond() + 600;
    String tampered = query("/live/cam/", exp, null).replaceFirst("token=.", "token=x");
    String expired = query("/live/cam/", Instant.now().getEpochSecond() - 1, null);
    String otherStream = query("/live/other/", exp, null);
    String stretched = query("/live/cam/", exp, null).replace("exp=" + exp, "exp=" + (exp + 1));
    for (String path : List.of("/live/cam/index.m3u8", "/live/cam/v.m3u8", "/live/cam/a.m3u8",
        "/live/cam/index.mpd", "/live/cam/ts/index.m3u8", "/live/cam/thumbnail.jpg", bare)) {
      assertThat(status(path)).as("no token: %s", path).isEqualTo(403);
      String sep = path.contains("?") ? "&" : "?";
      for (String q : List.of(tampered, expired, otherStream, stretched)) {
        assertThat(status(path + sep + q)).as("%s%s%s", path, sep, q).isEqualTo(403);
      }
    }
    HttpResponse<byte[]> refused = origin.http.get("/live/cam/index.m3u8?" + expired);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("token expired");
    assertThat(refused.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    assertThat(status(segment)).isEqualTo(200);
    assertThat(origin.http.text("/metrics")).containsPattern(
        "headwater_playback_denials_total [1-9]");
  }

  @Test
  void aValidTokenPlaysAndEveryUriOfTheHlsManifestsCarriesIt() throws Exception {
    String good = valid();
    String multivariant = text("/live/cam/index.m3u8?" + good);
    List<String> playlists = new ArrayList<>(PlaylistUris.of(multivariant));
    assertThat(playlists).isNotEmpty().allSatisfy(u -> assertThat(u).endsWith("?" + good));
    int objects = 0;
    for (String playlist : playlists) {
      String media = text("/live/cam/" + playlist);
      List<String> inMedia = PlaylistUris.of(media);
      assertThat(inMedia).as(playlist).isNotEmpty()
          .allSatisfy(u -> assertThat(u).endsWith("?" + good));
      for (String u : inMedia) {
        assertThat(status("/live/cam/" + u)).as(u).isEqualTo(200);
        objects++;
      }
    }
    for (String u : PlaylistUris.of(text("/live/cam/ts/index.m3u8?" + good))) {
      assertThat(u).endsWith("?" + good);
      assertThat(status("/live/cam/ts/" + u)).as(u).isEqualTo(200);
      objects++;
    }
    assertThat(objects).isGreaterThan(4);
    assertThat(status("/live/cam/thumbnail.jpg?" + good)).isEqualTo(200);
    // Every token gets its own rendering: the next viewer's token, not this one's.
    String another = query("/live/cam/", Instant.now().getEpochSecond() + 900, null);
    assertThat(text("/live/cam/v.m3u8?" + another)).contains(another).doesNotContain(good);
  }

  @Test
  void theMpdTemplatesCarryTheTokenAndResolve() throws Exception {
    String good = valid();
    String mpd = text("/live/cam/index.mpd?" + good);
    Matcher m = MPD_URL.matcher(mpd);
    int found = 0;
    while (m.find()) {
      String url = m.group(2).replace("&amp;", "&");
      assertThat(url).endsWith("?" + good);
      if (m.group(1).equals("initialization")) {
        assertThat(status("/live/cam/" + url)).isEqualTo(200);
      }
      found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aTokenBoundToTheClientAddressWorksFromThatAddressOnly() throws Exception {
    long exp = Instant.now().getEpochSecond() + 600;
    assertThat(status("/live/cam/index.m3u8?" + query("/live/cam/", exp, "127.0.0.1")))
        .isEqualTo(200);
    assertThat(status("/live/cam/index.m3u8?" + query("/live/cam/", exp, "192.0.2.1")))
        .isEqualTo(403);
  }

  private static String firstSegment(String playlist) {
    for (String line : playlist.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        return line;
      }
    }
    throw new AssertionError("no segment in\n" + playlist);
  }
}
