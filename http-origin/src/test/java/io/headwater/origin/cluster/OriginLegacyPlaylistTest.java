package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ll=off} on an origin node, over what an ingest node with low latency on (the default)
 * stores: the plain media playlist of whole segments that an ingest node answers (no parts,
 * blocking reloads or preload hints; {@code _HLS_} parameters ignored, not held), and a
 * multivariant playlist whose media playlist URIs ask for the plain ones too.
 */
class OriginLegacyPlaylistTest {
  private static final String LOW_LATENCY = """
      #EXTM3U
      #EXT-X-VERSION:9
      #EXT-X-TARGETDURATION:2
      #EXT-X-MEDIA-SEQUENCE:4
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.02
      #EXT-X-PART-INF:PART-TARGET=0.34
      #EXT-X-MAP:URI="v/e1-init-0.mp4"
      #EXT-X-PROGRAM-DATE-TIME:2026-11-22T11:00:08.000Z
      #EXTINF:2.00000,
      v/e1-4.m4s
      #EXT-X-PROGRAM-DATE-TIME:2026-11-22T11:00:10.000Z
      #EXT-X-PART:DURATION=0.33300,URI="v/e1-5.0.m4s",INDEPENDENT=YES
      #EXT-X-PRELOAD-HINT:TYPE=PART,URI="v/e1-5.1.m4s"
      #EXT-X-RENDITION-REPORT:URI="a.m3u8",LAST-MSN=5,LAST-PART=0
      """;
  private static final String MULTIVARIANT = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-INDEPENDENT-SEGMENTS
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,\
      CHANNELS="2",URI="a.m3u8"
      #EXT-X-STREAM-INF:BANDWIDTH=600000,CODECS="avc1.42c01e,mp4a.40.2",AUDIO="audio"
      v.m3u8
      """;

  @RegisterExtension
  final StoredOriginNode origin = new StoredOriginNode("legacy");

  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void putStream() {
    origin.bucket().putRecord("live", "cam1", "live", 2, System.currentTimeMillis());
    origin.bucket().putMedia("live/cam1", "v.m3u8", LOW_LATENCY);
    origin.bucket().putMedia("live/cam1", "index.m3u8", MULTIVARIANT);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(origin.url(path)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void llOffGivesThePlainPlaylistOfWholeSegments() throws Exception {
    assertThat(get("/live/cam1/v.m3u8").body()).as("low latency without ll=off")
        .isEqualTo(LOW_LATENCY);

    HttpResponse<String> plain = get("/live/cam1/v.m3u8?ll=off");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).doesNotContain("#EXT-X-PART").doesNotContain("#EXT-X-PRELOAD-HINT")
        .doesNotContain("SERVER-CONTROL").doesNotContain("RENDITION-REPORT")
        .contains("#EXT-X-VERSION:7\n").contains("#EXTINF:2.00000,\nv/e1-4.m4s\n");
    assertThat(plain.headers().firstValue("Cache-Control").orElseThrow())
        .as("cached like any live playlist").startsWith("public, max-age=1");

    // A part far ahead would be held (then 503) or refused; with ll=off it is ignored.
    HttpResponse<String> ignored = get("/live/cam1/v.m3u8?ll=off&_HLS_msn=6&_HLS_part=2");
    assertThat(ignored.statusCode()).isEqualTo(200);
    assertThat(ignored.body()).isEqualTo(plain.body());
  }

  @Test
  void llOffOnTheMultivariantPlaylistCarriesOnToItsMediaPlaylists() throws Exception {
    String plain = get("/live/cam1/index.m3u8?ll=off").body();
    assertThat(plain).contains("URI=\"a.m3u8?ll=off\"").contains("\nv.m3u8?ll=off\n");
    assertThat(get("/live/cam1/index.m3u8").body()).isEqualTo(MULTIVARIANT);
  }
}
