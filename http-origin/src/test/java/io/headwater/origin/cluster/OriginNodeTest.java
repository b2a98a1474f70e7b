package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An origin node over a store an ingest node would have written (objects put here directly):
 * what a CDN and a player see of each kind of object, and of requests for what is not there.
 */
class OriginNodeTest {
  @RegisterExtension
  final StoredOriginNode origin = new StoredOriginNode("origin");

  private final HttpClient client = HttpClient.newHttpClient();

  private void putRecord(String state) {
    putRecord("cam1", state);
  }

  private void putRecord(String stream, String state) {
    putRecord(stream, state, System.currentTimeMillis());
  }

  private void putRecord(String stream, String state, long updatedMillis) {
    origin.bucket().putRecord("live", stream, state, 4, updatedMillis);
  }

  private void put(String name, String body) {
    put("cam1", name, body);
  }

  private void put(String stream, String name, String body) {
    origin.bucket().putMedia("live/" + stream, name, body);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(origin.url(path)))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesStoredObjectsWithTheOriginsHeaders() throws Exception {
    putRecord("live");
    put("v/e1-7.m4s", "segment");
    put("v.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:4\n");
    put("index.m3u8", "#EXTM3U\n");
    put("index.mpd", "<MPD><UTCTiming value=\"" + ObjectKeys.TIME_PLACEHOLDER + "\"/></MPD>");

    HttpResponse<String> segment = send("GET", "/live/cam1/v/e1-7.m4s");
    assertThat(segment.statusCode()).isEqualTo(200);
    assertThat(segment.body()).isEqualTo("segment");
    assertThat(segment.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(segment.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(segment.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");

    HttpResponse<String> playlist = send("GET", "/live/cam1/v.m3u8");
    assertThat(playlist.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.apple.mpegurl");
    assertThat(playlist.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=2, stale-if-error=12");
    assertThat(send("GET", "/live/cam1/index.m3u8").headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=4, stale-if-error=60");

    HttpResponse<String> mpd = send("GET", "/live/cam1/index.mpd");
    assertThat(mpd.headers().firstValue("Content-Type")).hasValue("application/dash+xml");
    assertThat(mpd.body()).contains(origin.url("/time"))
        .doesNotContain(ObjectKeys.TIME_PLACEHOLDER);

    String etag = playlist.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> revalidated = client.send(HttpRequest.newBuilder(
            URI.create(origin.url("/live/cam1/v.m3u8")))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(revalidated.statusCode()).as("revalidation of an unchanged playlist").isEqualTo(304);
    put("v.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nv/e1-7.m4s\n");
    HttpResponse<String> changed = client.send(HttpRequest.newBuilder(
            URI.create(origin.url("/live/cam1/v.m3u8")))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(changed.statusCode()).as("revalidation of a newer playlist").isEqualTo(200);
    assertThat(changed.body()).contains("v/e1-7.m4s");

    HttpResponse<String> head = send("HEAD", "/live/cam1/v/e1-7.m4s");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("7");

    // An ended stream's playlists keep for the ended-stream retention.
    putRecord("cam2", "ended");
    put("cam2", "v.m3u8", "#EXTM3U\n#EXT-X-ENDLIST\n");
    assertThat(send("GET", "/live/cam2/v.m3u8").headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=300");
    assertThat(origin.node().rtmpPort()).as("an origin node accepts no RTMP").isZero();

    // A live stream whose ingest node stopped rewriting its registry object (killed) ends.
    putRecord("cam3", "live", System.currentTimeMillis() - StoreOriginHandler.STALE_MILLIS
        - 5_000);
    put("cam3", "v.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nv/e1-3.m4s\n");
    assertThat(send("GET", "/live/cam3/v.m3u8").body()).as("playlist of a stale stream")
        .endsWith("v/e1-3.m4s\n#EXT-X-ENDLIST\n");
    assertThat(send("GET", "/live/cam1/v.m3u8").body()).as("playlist of a live stream")
        .doesNotContain("#EXT-X-ENDLIST");
    String liveMpd = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"dynamic\" "
        + "minimumUpdatePeriod=\"PT4S\"><Period id=\"p3\" start=\"PT12S\"><AdaptationSet>"
        + "<SegmentTemplate timescale=\"90000\" presentationTimeOffset=\"1080000\">"
        + "<SegmentTimeline><S t=\"1080000\" d=\"360000\"/></SegmentTimeline>"
        + "</SegmentTemplate></AdaptationSet></Period></MPD>";
    put("cam3", "index.mpd", liveMpd);
    assertThat(send("GET", "/live/cam3/index.mpd").body()).as("MPD of a stale stream")
        .contains("type=\"static\"").contains("mediaPresentationDuration=\"PT16S\"")
        .doesNotContain("minimumUpdatePeriod");
    put("index.mpd", liveMpd);
    assertThat(send("GET", "/live/cam1/index.mpd").body()).as("MPD of a live stream")
        .contains("type=\"dynamic\"").doesNotContain("mediaPresentationDuration");
  }

  @Test
  void whatIsNotThereIsAShortLived404AndBadRequestsAreRefused() throws Exception {
    HttpResponse<String> unknown = send("GET", "/live/nobody/index.m3u8");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no such stream");

    putRecord("live");
    HttpResponse<String> missing = send("GET", "/live/cam1/v/e1-99.m4s");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Cache-Control")).hasValue("public, max-age=1");

    assertThat(send("GET", "/live/cam1/v/..%2F..%2Fsecret").statusCode()).isIn(400, 404);
    assertThat(send("GET", "/live/cam1/a%00b.m4s").statusCode()).isEqualTo(400);
    HttpResponse<String> post = send("POST", "/live/cam1/v.m3u8");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void aDeltaUpdateIsMadeFromTheStoredPlaylist() throws Exception {
    putRecord("live");
    StringBuilder full = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,"
        + "CAN-SKIP-UNTIL=12.0,PART-HOLD-BACK=1.5\n#EXT-X-PART-INF:PART-TARGET=0.5\n"
        + "#EXT-X-MAP:URI=\"v/e1-init-0.mp4\"\n");
    for (int seq = 0; seq < 10; seq++) {
      full.append("#EXTINF:2.00000,\nv/e1-").append(seq).append(".m4s\n");
    }
    full.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/e1-10.0.m4s\"\n");
    put("v.m3u8", full.toString());

    HttpResponse<String> whole = send("GET", "/live/cam1/v.m3u8");
    HttpResponse<String> delta = send("GET", "/live/cam1/v.m3u8?_HLS_skip=YES");
    assertThat(whole.body()).isEqualTo(full.toString());
    assertThat(delta.statusCode()).isEqualTo(200);
    assertThat(delta.body()).as("segments ending more than 12 s before the end skipped")
        .contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=3\n#EXT-X-MAP:URI=\"v/e1-init-0.mp4\"\n"
            + "#EXTINF:2.00000,\nv/e1-3.m4s\n")
        .doesNotContain("v/e1-2.m4s").endsWith("URI=\"v/e1-10.0.m4s\"\n");
    assertThat(delta.headers().firstValue("ETag")).as("another representation")
        .isNotEqualTo(whole.headers().firstValue("ETag"));
    assertThat(send("GET", "/live/cam1/v.m3u8?_HLS_skip=v2").body()).isEqualTo(delta.body());
  }
}
