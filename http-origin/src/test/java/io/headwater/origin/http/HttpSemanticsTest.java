package io.headwater.origin.http;

import static java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a CDN engineer checks with {@code curl -sI}: cache headers per object class, validators,
 * 304, single ranges, HEAD, gzip for manifests only, CORS and error answers, against a running
 * origin with the demo stream live.
 */
class HttpSemanticsTest {
  private static final String TS = "/live/demo/ts/index.m3u8";
  private static OriginServer server;
  private static Client client;
  private static String segment;

  @BeforeAll
  static void start() throws Exception {
    server = OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withDemo(true), Clock.systemUTC());
    client = new Client(server.httpPort());
    HttpResponse<byte[]> playlist = client.await(TS, Duration.ofSeconds(20));
    assertThat(playlist.statusCode()).as("demo playlist").isEqualTo(200);
    segment = "/live/demo/ts/" + text(playlist).lines().filter(l -> l.endsWith(".ts"))
        .findFirst().orElseThrow();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void segmentIsImmutableWithStrongValidators() throws Exception {
    HttpResponse<byte[]> r = client.get(segment, "Accept-Encoding", "gzip");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).isEqualTo("video/mp2t");
    assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(header(r, "ETag")).startsWith("\"").endsWith("\"");
    assertThat(header(r, "Last-Modified")).isNotNull();
    assertThat(header(r, "Date")).isNotNull();
    assertThat(header(r, "Age")).isNull();
    assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(header(r, "Content-Encoding")).as("media is never compressed").isNull();
    assertThat(header(r, "Content-Length")).isEqualTo(String.valueOf(r.body().length));
    assertThat(r.body()[0]).as("TS sync byte").isEqualTo((byte) 0x47);
  }

  @Test
  void conditionalSegmentRequestsGet304WithTheirHeaders() throws Exception {
    HttpResponse<byte[]> full = client.get(segment);
    String etag = header(full, "ETag");

    HttpResponse<byte[]> byTag = client.get(segment, "If-None-Match", "\"other\", " + etag);
    assertThat(byTag.statusCode()).isEqualTo(304);
    assertThat(byTag.body()).isEmpty();
    assertThat(header(byTag, "ETag")).isEqualTo(etag);
    assertThat(header(byTag, "Cache-Control")).contains("immutable");

    HttpResponse<byte[]> headByTag = client.send("HEAD", segment, "If-None-Match", etag);
    assertThat(headByTag.statusCode()).isEqualTo(304);
    assertThat(header(headByTag, "Transfer-Encoding")).as("the 200 is not chunked").isNull();
    assertThat(header(headByTag, "Content-Length")).as("the 200's length (RFC 9110 8.6)")
        .isEqualTo(String.valueOf(full.body().length));

    HttpResponse<byte[]> byDate = client.get(segment, "If-Modified-Since",
        header(full, "Last-Modified"));
    assertThat(byDate.statusCode()).isEqualTo(304);

    HttpResponse<byte[]> otherTag = client.get(segment, "If-None-Match", "\"other\"");
    assertThat(otherTag.statusCode()).isEqualTo(200);
    assertThat(otherTag.body()).isEqualTo(full.body());
  }

  @Test
  void singleRangesGet206AndUnsatisfiableOnes416() throws Exception {
    byte[] whole = client.get(segment).body();
    int n = whole.length;

    HttpResponse<byte[]> first = client.get(segment, "Range", "bytes=0-187");
    assertThat(first.statusCode()).isEqualTo(206);
    assertThat(header(first, "Content-Range")).isEqualTo("bytes 0-187/" + n);
    assertThat(first.body()).isEqualTo(Arrays.copyOfRange(whole, 0, 188));

    HttpResponse<byte[]> tail = client.get(segment, "Range", "bytes=-100");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(header(tail, "Content-Range")).isEqualTo("bytes " + (n - 100) + "-" + (n - 1)
        + "/" + n);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole, n - 100, n));

    HttpResponse<byte[]> open = client.get(segment, "Range", "bytes=188-");
    assertThat(open.statusCode()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(whole, 188, n));

    HttpResponse<byte[]> past = client.get(segment, "Range", "bytes=" + n + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(header(past, "Content-Range")).isEqualTo("bytes */" + n);

    HttpResponse<byte[]> stale = client.get(segment, "Range", "bytes=0-9", "If-Range",
        "\"not-this-one\"");
    assertThat(stale.statusCode()).as("If-Range mismatch sends it all").isEqualTo(200);
    assertThat(stale.body()).isEqualTo(whole);

    HttpResponse<byte[]> several = client.get(segment, "Range", "bytes=0-9,20-29");
    assertThat(several.statusCode()).as("multiple ranges answered whole").isEqualTo(200);
    HttpResponse<byte[]> junk = client.get(segment, "Range", "bytes=9-0");
    assertThat(junk.statusCode()).as("invalid range ignored").isEqualTo(200);
  }

  @Test
  void headAnswersLikeGetWithoutBody() throws Exception {
    for (String path : List.of(segment, TS, "/live/demo/index.m3u8", "/time", "/healthz")) {
      HttpResponse<byte[]> get = client.get(path);
      HttpResponse<byte[]> head = client.send("HEAD", path);
      assertThat(head.statusCode()).as(path).isEqualTo(200);
      assertThat(head.body()).as(path).isEmpty();
      assertThat(header(head, "Content-Type")).as(path).isEqualTo(header(get, "Content-Type"));
      assertThat(header(head, "Cache-Control")).as(path).isEqualTo(header(get, "Cache-Control"));
    }
    assertThat(header(client.send("HEAD", segment), "Content-Length"))
        .isEqualTo(String.valueOf(client.get(segment).body().length));
  }

  @Test
  void livePlaylistIsShortLivedRevalidatableAndGzipped() throws Exception {
    HttpResponse<byte[]> plain = client.get(TS);
    assertThat(header(plain, "Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(header(plain, "Cache-Control")).isEqualTo("public, max-age=1, stale-if-error=6");
    assertThat(header(plain, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(header(plain, "Content-Encoding")).isNull();
    assertThat(header(plain, "Last-Modified")).isNotNull();
    String etag = header(plain, "ETag");

    HttpResponse<byte[]> again = client.get(TS, "If-None-Match", etag);
    if (header(again, "ETag").equals(etag)) {
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(header(again, "Cache-Control")).startsWith("public, max-age=1");
    } else {
      assertThat(again.statusCode()).as("a new version is sent whole").isEqualTo(200);
    }

    // Same version in both codings: the gzip tag names the identity tag it encodes.
    HttpResponse<byte[]> gz = null;
    for (int i = 0; i < 20; i++) {
      plain = client.get(TS);
      gz = client.get(TS, "Accept-Encoding", "br;q=1, gzip;q=0.8");
      String tag = header(plain, "ETag");
      if (header(gz, "ETag").equals(tag.substring(0, tag.length() - 1) + "-gzip\"")) {
        break;
      }
    }
    assertThat(header(gz, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(gz, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(gunzip(gz.body())).isEqualTo(plain.body());
    assertThat(gz.body().length).isLessThan(plain.body().length);

    HttpResponse<byte[]> refused = client.get(TS, "Accept-Encoding", "gzip;q=0, *");
    assertThat(header(refused, "Content-Encoding")).isNull();
  }

  @Test
  void otherManifestsCarryTheirTypesAndLifetimes() throws Exception {
    HttpResponse<byte[]> multivariant = client.get("/live/demo/index.m3u8");
    assertThat(header(multivariant, "Cache-Control")).isEqualTo("public, max-age=2, "
        + "stale-if-error=60");
    HttpResponse<byte[]> mpd = client.get("/live/demo/index.mpd");
    assertThat(header(mpd, "Content-Type")).isEqualTo("application/dash+xml");
    // Low latency is on by default: the MPD changes every part, caches revalidate it each use.
    assertThat(header(mpd, "Cache-Control")).isEqualTo("public, no-cache");
    HttpResponse<byte[]> plainMpd = client.get("/live/demo/index.mpd?ll=off");
    assertThat(header(plainMpd, "Content-Type")).isEqualTo("application/dash+xml");
    assertThat(header(plainMpd, "Cache-Control")).startsWith("public, max-age=1,");
    HttpResponse<byte[]> video = client.get("/live/demo/v.m3u8");
    String init = text(video).lines().filter(l -> l.startsWith("#EXT-X-MAP:URI=\""))
        .findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
    HttpResponse<byte[]> initSegment = client.get("/live/demo/" + init);
    assertThat(initSegment.statusCode()).isEqualTo(200);
    assertThat(header(initSegment, "Content-Type")).isEqualTo("video/mp4");
    assertThat(header(initSegment, "Cache-Control")).contains("immutable");
  }

  @Test
  void errorsAreShortAndClassified() throws Exception {
    HttpResponse<byte[]> missing = client.get("/live/demo/ts/zzzz-999999.ts");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(header(missing, "Cache-Control")).isEqualTo("public, max-age=1");
    assertThat(missing.body().length).isLessThan(200);

    HttpResponse<byte[]> unknown = client.get("/nothing/here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(text(unknown)).doesNotContain("Exception").doesNotContain("at io.");

    HttpResponse<byte[]> post = client.send("POST", TS);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(header(post, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
    assertThat(client.send("DELETE", "/healthz").statusCode()).isEqualTo(405);

    HttpResponse<byte[]> bad = client.get("/live/demo/a%20b.ts");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(text(bad)).isEqualTo("bad path\n");
  }

  @Test
  void anyOriginMayReadByDefaultAndPreflightIsAnswered() throws Exception {
    HttpResponse<byte[]> r = client.get(segment, "Origin", "https://player.example");
    assertThat(header(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(header(r, "Access-Control-Expose-Headers")).contains("Date", "Content-Length",
        "Age");

    HttpResponse<byte[]> preflight = client.send("OPTIONS", TS, "Origin",
        "https://player.example", "Access-Control-Request-Method", "GET",
        "Access-Control-Request-Headers", "range");
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(header(preflight, "Access-Control-Allow-Methods")).contains("GET");
    assertThat(header(preflight, "Access-Control-Allow-Headers")).contains("Range");
  }

  @Test
  void configuredOriginsAreEchoedOthersRefused() throws Exception {
    try (OriginServer own = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0)
        .withCorsAllowOrigins(List.of("https://a.example", "https://b.example")),
        Clock.systemUTC())) {
      Client c = new Client(own.httpPort());
      HttpResponse<byte[]> allowed = c.get("/healthz", "Origin", "https://b.example");
      assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://b.example");
      assertThat(header(allowed, "Vary")).contains("Origin");
      HttpResponse<byte[]> other = c.get("/healthz", "Origin", "https://evil.example");
      assertThat(header(other, "Access-Control-Allow-Origin")).isNull();
      assertThat(header(other, "Vary")).contains("Origin");
    }
  }

  @Test
  void failedIfMatchOrIfUnmodifiedSinceGets412OnEveryObjectClass() throws Exception {
    String past = "Sat, 01 Jan 2000 00:00:00 GMT";
    String future = "Fri, 01 Jan 2100 00:00:00 GMT";
    for (String path : objectOfEveryClass()) {
      HttpResponse<byte[]> wrongTag = client.get(path, "If-Match", "\"not-this-one\"");
      assertThat(wrongTag.statusCode()).as("If-Match mismatch " + path).isEqualTo(412);
      assertThat(header(wrongTag, "Cache-Control")).as(path).isEqualTo("no-store");
      assertThat(header(wrongTag, "Content-Encoding")).as(path).isNull();
      assertThat(client.send("HEAD", path, "If-Match", "\"not-this-one\"").statusCode())
          .as("HEAD " + path).isEqualTo(412);
      assertThat(client.get(path, "If-Match", "*").statusCode()).as("If-Match * " + path)
          .isEqualTo(200);

      HttpResponse<byte[]> changed = client.get(path, "If-Unmodified-Since", past);
      assertThat(changed.statusCode()).as("modified since 2000: " + path).isEqualTo(412);
      assertThat(client.get(path, "If-Unmodified-Since", future).statusCode())
          .as("unmodified until 2100: " + path).isEqualTo(200);
      assertThat(client.get(path, "If-Unmodified-Since", "yesterday").statusCode())
          .as("a date that does not parse is ignored: " + path).isEqualTo(200);
      assertThat(client.get(path, "If-Match", "*", "If-Unmodified-Since", past).statusCode())
          .as("If-Match wins over If-Unmodified-Since: " + path).isEqualTo(200);
    }

    HttpResponse<byte[]> full = client.get(segment);
    String etag = header(full, "ETag");
    HttpResponse<byte[]> same = client.get(segment, "If-Match", "\"x\", " + etag);
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(same.body()).isEqualTo(full.body());
    assertThat(client.get(segment, "If-Match", "W/" + etag).statusCode())
        .as("If-Match compares strongly: a weak tag never matches").isEqualTo(412);
    assertThat(client.get(segment, "If-Unmodified-Since", header(full, "Last-Modified"))
        .statusCode()).as("an immutable object is unmodified since its Last-Modified")
        .isEqualTo(200);
    HttpResponse<byte[]> resumed = client.get(segment, "If-Match", etag, "Range", "bytes=0-9");
    assertThat(resumed.statusCode()).as("a range under a true If-Match").isEqualTo(206);
    assertThat(client.get(segment, "If-Match", "\"x\"", "Range", "bytes=0-9").statusCode())
        .as("412 wins over the range").isEqualTo(412);
  }

  @Test
  void immutableObjectsAlsoExpireInAYear() throws Exception {
    for (String path : objectOfEveryClass()) {
      HttpResponse<byte[]> r = client.get(path);
      boolean immutable = header(r, "Cache-Control").contains("immutable");
      if (!immutable) {
        assertThat(header(r, "Expires")).as("manifests carry no Expires: " + path).isNull();
        continue;
      }
      ZonedDateTime date = ZonedDateTime.parse(header(r, "Date"), RFC_1123_DATE_TIME);
      ZonedDateTime expires = ZonedDateTime.parse(header(r, "Expires"), RFC_1123_DATE_TIME);
      assertThat(Duration.between(date, expires).toSeconds()).as("a year after Date: " + path)
          .isEqualTo(31_536_000L);
      assertThat(header(r, "Expires")).as("IMF-fixdate").matches(
          "[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT");
      HttpResponse<byte[]> notModified = client.get(path, "If-None-Match", header(r, "ETag"));
      assertThat(notModified.statusCode()).isEqualTo(304);
      assertThat(header(notModified, "Expires")).as("a 304 repeats Expires (RFC 9110 15.4.5)")
          .isNotNull();
    }
  }

  @Test
  void thumbnailIsRevalidatedByTheKeyframeItCameFrom() throws Exception {
    String thumb = "/live/demo/thumbnail.jpg";
    HttpResponse<byte[]> first = client.await(thumb, Duration.ofSeconds(20));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(header(first, "Content-Type")).isEqualTo("image/jpeg");
    String etag = header(first, "ETag");
    assertThat(etag).as("strong").startsWith("\"kf-").endsWith("\"");
    assertThat(header(first, "Last-Modified")).isNotNull();
    int targetDuration = Integer.parseInt(text(client.get(TS)).lines()
        .filter(l -> l.startsWith("#EXT-X-TARGETDURATION:")).findFirst().orElseThrow()
        .substring("#EXT-X-TARGETDURATION:".length()));
    assertThat(header(first, "Cache-Control"))
        .isEqualTo("public, max-age=" + Math.max(1, targetDuration / 2));

    // A new segment brings a new keyframe and thumbnail: a 304 answers the tag it still has, a
    // 200 one it no longer has, with a newer tag and a later Last-Modified.
    HttpResponse<byte[]> again = client.get(thumb, "If-None-Match", etag);
    if (again.statusCode() == 304) {
      assertThat(again.body()).isEmpty();
      assertThat(header(again, "ETag")).isEqualTo(etag);
      assertThat(header(again, "Cache-Control")).isEqualTo(header(first, "Cache-Control"));
      assertThat(header(again, "Last-Modified")).isEqualTo(header(first, "Last-Modified"));
    } else {
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(header(again, "ETag")).isNotEqualTo(etag);
    }
    HttpResponse<byte[]> next = first;
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (header(next, "ETag").equals(etag) && System.nanoTime() < deadline) {
      Thread.sleep(200); // polled as Client.await does: the next segment is ~2 s away
      next = client.get(thumb, "If-None-Match", "\"other\"");
    }
    assertThat(header(next, "ETag")).as("a later keyframe's thumbnail").isNotEqualTo(etag);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(ZonedDateTime.parse(header(next, "Last-Modified"), RFC_1123_DATE_TIME))
        .isAfterOrEqualTo(ZonedDateTime.parse(header(first, "Last-Modified"),
            RFC_1123_DATE_TIME));
    HttpResponse<byte[]> stale = client.get(thumb, "If-None-Match", etag);
    assertThat(stale.statusCode()).as("the old tag no longer matches").isEqualTo(200);
    assertThat(stale.body()).isNotEmpty();
  }

  /** One URL of each class the stream serves: four playlists, the MPD, an init segment, two
   * segments (TS and CMAF). */
  private static List<String> objectOfEveryClass() throws Exception {
    String video = text(client.get("/live/demo/v.m3u8"));
    String init = video.lines().filter(l -> l.startsWith("#EXT-X-MAP:URI=\""))
        .findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
    String cmaf = video.lines().filter(l -> l.endsWith(".m4s")).reduce((a, b) -> b).orElseThrow();
    return List.of("/live/demo/index.m3u8", "/live/demo/v.m3u8", "/live/demo/a.m3u8", TS,
        "/live/demo/index.mpd", "/live/demo/" + init, "/live/demo/" + cmaf, segment);
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
