package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.security.PlaybackToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Playback tokens on an origin node: an application with {@code playback.signingSecret} is as
 * closed there as on its ingest node, and the manifests read from the store carry the request's
 * token on every relative URI, so that a player following them gets every object.
 */
class OriginNodeTokenTest {
  private static final String SECRET = "origin-node-playback-secret";
  private static final PlaybackToken TOKENS = new PlaybackToken(SECRET, Clock.systemUTC());

  @RegisterExtension
  final StoredOriginNode origin = new StoredOriginNode("token", """
      apps:
        live: { playback: { signingSecret: %s } }
      """.formatted(SECRET));

  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void putObjects() {
    ClusterStore bucket = origin.bucket();
    for (String stream : List.of("cam", "other")) {
      bucket.putRecord("live", stream, "live", 2, System.currentTimeMillis());
    }
    bucket.putRecord("open", "cam", "live", 2, System.currentTimeMillis());
    put("live/cam", "index.m3u8", """
        #EXTM3U
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="audio",URI="a.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=800000,AUDIO="a"
        v.m3u8
        """);
    put("live/cam", "v.m3u8", """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXT-X-MAP:URI="v/e1-init.mp4"
        #EXTINF:2.0,
        v/e1-1.m4s
        """);
    put("live/cam", "v/e1-init.mp4", "init");
    put("live/cam", "v/e1-1.m4s", "segment one");
    put("live/cam", "index.mpd", """
        <MPD type="dynamic"><Period><AdaptationSet><SegmentTemplate \
        initialization="v/e1-init.mp4" media="v/e1-$Number$.m4s"/></AdaptationSet></Period>\
        </MPD>""");
    put("open/cam", "v.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nv/e1-1.m4s\n");
  }

  private void put(String stream, String name, String body) {
    origin.bucket().putMedia(stream, name, body);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(origin.url(path)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String query(String prefix) {
    long exp = Instant.now().getEpochSecond() + 600;
    return "token=" + TOKENS.sign(prefix, exp, null) + "&exp=" + exp;
  }

  @Test
  void everyObjectNeedsAValidTokenForItsStream() throws Exception {
    for (String path : List.of("/live/cam/index.m3u8", "/live/cam/v.m3u8", "/live/cam/index.mpd",
        "/live/cam/v/e1-1.m4s", "/live/cam/v/e1-init.mp4")) {
      HttpResponse<String> bare = get(path);
      assertThat(bare.statusCode()).as("no token: %s", path).isEqualTo(403);
      assertThat(bare.headers().firstValue("Cache-Control")).hasValue("private, no-store");
      assertThat(get(path + "?" + query("/live/other/")).statusCode())
          .as("another stream's token: %s", path).isEqualTo(403);
      assertThat(get(path + "?" + query("/live/cam/").replaceFirst("token=.", "token=x"))
          .statusCode()).as("tampered token: %s", path).isEqualTo(403);
    }
    assertThat(get("/open/cam/v.m3u8").statusCode()).as("an open application").isEqualTo(200);
  }

  @Test
  void manifestsFromTheStoreCarryTheTokenOnEveryUriAndFollowingThemPlays() throws Exception {
    String q = query("/live/cam/");
    HttpResponse<String> multivariant = get("/live/cam/index.m3u8?" + q);
    assertThat(multivariant.statusCode()).isEqualTo(200);
    assertThat(multivariant.body()).contains("URI=\"a.m3u8?" + q + "\"")
        .contains("\nv.m3u8?" + q + "\n");

    HttpResponse<String> media = get("/live/cam/v.m3u8?" + q);
    assertThat(media.body()).contains("URI=\"v/e1-init.mp4?" + q + "\"")
        .contains("\nv/e1-1.m4s?" + q + "\n");
    HttpResponse<String> segment = get("/live/cam/v/e1-1.m4s?" + q);
    assertThat(segment.statusCode()).isEqualTo(200);
    assertThat(segment.body()).isEqualTo("segment one");
    assertThat(get("/live/cam/v/e1-init.mp4?" + q).body()).isEqualTo("init");

    String xmlQuery = q.replace("&", "&amp;");
    assertThat(get("/live/cam/index.mpd?" + q).body())
        .contains("initialization=\"v/e1-init.mp4?" + xmlQuery + "\"")
        .contains("media=\"v/e1-$Number$.m4s?" + xmlQuery + "\"");

    assertThat(get("/open/cam/v.m3u8").body()).as("an open application's playlist as stored")
        .contains("\nv/e1-1.m4s\n").doesNotContain("token=");
  }
}
