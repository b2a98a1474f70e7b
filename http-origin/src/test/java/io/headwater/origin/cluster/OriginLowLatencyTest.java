package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.EdgeNginx;
import io.headwater.origin.Http;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.security.SecuritySettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;

/**
 * LL-HLS from an origin node: an ingest node with low latency writes parts and LL-HLS playlists
 * to the store (s3proxy), real ffmpeg publishes in real time, and a client follows the blocking
 * reload chain on the origin node as hls.js does (the part after the last listed one). Each held
 * reload comes back with the part it asked for, every listed part is there and immutable, the
 * hinted part is held until stored, bad requests are refused, a part that never comes ends the
 * wait with 503/404, and the parts of each segment add up to it. Through nginx with
 * deploy/nginx/cluster-edge.conf, identical reloads collapse into one origin request.
 */
class OriginLowLatencyTest {
  private static final Pattern PART = Pattern.compile(
      "#EXT-X-PART:DURATION=([0-9.]+),URI=\"([^\"]+)\"(,INDEPENDENT=YES)?");
  private static final Pattern HINT = Pattern.compile(
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(v/[a-z0-9]+-([0-9]+)\\.([0-9]+)\\.m4s)\"");
  /** The chain of held requests, not the default part target, is under test here. */
  private static final Duration PART_TARGET = Duration.ofMillis(500);
  /** Reloads followed along the chain: about two segments of parts. */
  private static final int RELOADS = 8;
  /**
   * A held reload must come back within this: the part it asks for is due one part target
   * later at most, then it is uploaded and the poll (every half part target) reads it; the rest
   * is room for a starved machine (1.9 s seen at a load average of 15 on 2 cores). Below the
   * 503 timeout of three target durations, so a reload answered only by that fails.
   */
  private static final Duration HELD_BOUND = PART_TARGET.multipliedBy(8);
  /** Viewers asking the edge for the same blocking reload at once. */
  private static final int EDGE_VIEWERS = 5;

  @RegisterExtension
  final S3ProxyExtension s3 = ClusterStore.s3proxy("ll");

  private final List<AutoCloseable> open = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void blockingReloadChainOnAnOriginNode() throws Exception {
    ClusterStore bucket = ClusterStore.open(s3);
    open.add(bucket);
    OriginServer ingest = bucket.ingestNode(ClusterStore.LOOPBACK
            .withStreamSettings(StreamSettings.DEFAULTS.withPartTarget(PART_TARGET)),
        SecuritySettings.OPEN, "http://127.0.0.1:1");
    open.add(ingest);
    OriginServer origin = bucket.originNode(SecuritySettings.OPEN);
    open.add(origin);
    Process ffmpeg = new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error",
        "-re", "-stream_loop", "-1", "-i", Tools.sample("h264-baseline-aac.flv").toString(),
        "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + ingest.rtmpPort() + "/live/ll")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    open.add(() -> {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    });
    Http http = new Http(origin.httpPort());

    String playlist = http.awaitText("/live/ll/v.m3u8", "#EXT-X-PRELOAD-HINT",
        Duration.ofSeconds(30));
    assertThat(playlist).as("the stored playlist is the ingest node's LL-HLS playlist")
        .contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES")
        .contains("#EXT-X-PART-INF:PART-TARGET=0.5").contains("#EXT-X-PART:")
        .contains("#EXT-X-RENDITION-REPORT:URI=\"a.m3u8\"");
    long completeAtStart = mediaSequence(playlist) + segments(playlist);

    // Follow the chain as hls.js does: ask for the part after the last listed one.
    Set<String> fetched = new HashSet<>();
    long worstMillis = 0;
    for (int i = 0; i < RELOADS; i++) {
      Matcher hint = HINT.matcher(playlist);
      assertThat(hint.find()).as("a preload hint in\n%s", playlist).isTrue();
      long msn = Long.parseLong(hint.group(2));
      int part = Integer.parseInt(hint.group(3));
      long t0 = System.nanoTime();
      HttpResponse<byte[]> reload = http.get("/live/ll/v.m3u8?_HLS_msn=" + msn + "&_HLS_part="
          + part);
      long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
      worstMillis = Math.max(worstMillis, waitedMillis);
      assertThat(reload.statusCode()).as("reload %d.%d", msn, part).isEqualTo(200);
      assertThat(waitedMillis).as("reload %d.%d held (ms)", msn, part)
          .isLessThan(HELD_BOUND.toMillis());
      assertThat(reload.headers().firstValue("Cache-Control"))
          .as("a blocking response is cacheable: its URL names the version")
          .hasValue("public, max-age=12");
      playlist = new String(reload.body(), StandardCharsets.UTF_8);
      List<String> listed = parts(playlist);
      // The awaited part, or (when its segment ended with fewer parts) the next one's first.
      assertThat(listed).as("reload %d.%d", msn, part)
          .anyMatch(u -> u.endsWith("-" + msn + "." + part + ".m4s")
              || u.endsWith("-" + (msn + 1) + ".0.m4s"));
      for (String uri : listed) {
        if (fetched.add(uri)) {
          HttpResponse<byte[]> p = http.get("/live/ll/" + uri);
          assertThat(p.statusCode()).as("listed part %s", uri).isEqualTo(200);
          assertThat(p.headers().firstValue("Cache-Control"))
              .hasValue("public, max-age=31536000, immutable");
        }
      }
    }
    assertThat(mediaSequence(playlist) + segments(playlist))
        .as("segments completed while following the chain").isGreaterThan(completeAtStart);
    // The other manifests keep up too, as plain HLS and DASH of whole segments.
    String ts = http.text("/live/ll/ts/index.m3u8");
    assertThat(mediaSequence(ts) + segments(ts)).as("MPEG-TS playlist on the origin node:\n%s",
        ts).isGreaterThan(completeAtStart);
    String mpd = http.text("/live/ll/index.mpd");
    assertThat(mpd).contains("type=\"dynamic\"").doesNotContain("availabilityTimeOffset");

    long polls = metric(http, "headwater_object_store_playlist_polls");
    assertThat(polls).as("stored playlist reads for held requests").isPositive();
    System.out.printf("origin node: %d blocking reloads, longest held %d ms, %d parts fetched, "
        + "%d playlist polls%n", RELOADS, worstMillis, fetched.size(), polls);

    // The hinted part, asked for before it exists, is held and arrives whole.
    Matcher hint = HINT.matcher(playlist);
    assertThat(hint.find()).isTrue();
    HttpResponse<byte[]> hinted = http.get("/live/ll/" + hint.group(1));
    assertThat(hinted.statusCode()).as("hinted part %s", hint.group(1)).isEqualTo(200);
    try (IsoFile iso = new IsoFile(Channels.newChannel(
        new ByteArrayInputStream(hinted.body())))) {
      assertThat(iso.getBoxes(MovieFragmentBox.class)).hasSize(1);
    }

    // Refusals of bis 6.2.5.2, at once.
    long lastMsn = Long.parseLong(hint.group(2));
    assertThat(http.get("/live/ll/v.m3u8?_HLS_part=1").statusCode()).isEqualTo(400);
    assertThat(http.get("/live/ll/v.m3u8?_HLS_msn=" + (lastMsn + 10)).statusCode())
        .isEqualTo(400);
    assertThat(http.get("/live/ll/v.m3u8?_HLS_msn=abc").statusCode()).isEqualTo(400);

    // Each complete segment's parts add up to its EXTINF, and the first is exactly its parts.
    String full = http.text("/live/ll/v.m3u8");
    String[] lines = full.split("\n");
    List<String> segmentParts = new ArrayList<>();
    double partSeconds = 0;
    int checked = 0;
    for (int i = 0; i < lines.length; i++) {
      Matcher pm = PART.matcher(lines[i]);
      if (pm.matches()) {
        partSeconds += Double.parseDouble(pm.group(1));
        segmentParts.add(pm.group(2));
      } else if (lines[i].startsWith("#EXTINF:") && !segmentParts.isEmpty()) {
        double extinf = Double.parseDouble(lines[i].substring(8, lines[i].indexOf(',')));
        assertThat(partSeconds).as("the parts of a segment against its %s", lines[i])
            .isCloseTo(extinf, Offset.offset(0.001 * (segmentParts.size() + 1)));
        if (checked++ == 0) {
          ByteArrayOutputStream joined = new ByteArrayOutputStream();
          for (String uri : segmentParts) {
            joined.write(http.get("/live/ll/" + uri).body());
          }
          assertThat(joined.toByteArray()).as("the parts of %s joined", lines[i + 1])
              .isEqualTo(http.get("/live/ll/" + lines[i + 1]).body());
        }
        segmentParts.clear();
        partSeconds = 0;
      }
    }
    assertThat(checked).as("complete segments with parts in\n%s", full).isPositive();

    long llPuts = metric(new Http(ingest.httpPort()),
        "headwater_object_store_low_latency_uploads");
    long segmentsWritten = segments(full) + mediaSequence(full);
    System.out.printf("ingest node: %d LL PUTs (parts and video+audio playlists) over %d "
        + "segments: %.1f per segment%n", llPuts, segmentsWritten,
        llPuts / (double) segmentsWritten);

    // Through the nginx edge (cluster-edge.conf), whose cache key holds the query: concurrent
    // reloads for the same part reach the origin node once, and _HLS_skip names another object.
    try (EdgeNginx edge = ClusterEdge.start(dir, origin.httpPort(), origin.httpPort())) {
      HttpClient client = HttpClient.newHttpClient();
      edge.await(client, "/live/ll/v.m3u8");
      Matcher next = HINT.matcher(new String(client.send(HttpRequest.newBuilder(
              URI.create(edge.url("/live/ll/v.m3u8"))).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8));
      assertThat(next.find()).isTrue();
      String reload = "/live/ll/v.m3u8?_HLS_msn=" + next.group(2) + "&_HLS_part="
          + next.group(3);
      List<CompletableFuture<HttpResponse<byte[]>>> viewers = new ArrayList<>();
      for (int i = 0; i < EDGE_VIEWERS; i++) {
        viewers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(edge.url(reload)))
            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofByteArray()));
      }
      List<String> cacheStatus = new ArrayList<>();
      Set<String> bodies = new HashSet<>();
      for (CompletableFuture<HttpResponse<byte[]>> v : viewers) {
        HttpResponse<byte[]> r = v.get(20, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as("%s through the edge", reload).isEqualTo(200);
        cacheStatus.add(r.headers().firstValue("X-Cache-Status").orElse("none"));
        bodies.add(new String(r.body(), StandardCharsets.UTF_8));
      }
      assertThat(cacheStatus).as("edge cache status of %d identical reloads", EDGE_VIEWERS)
          .containsOnlyOnce("MISS");
      assertThat(bodies).as("one playlist for all of them").hasSize(1);
      HttpResponse<byte[]> skip = client.send(HttpRequest.newBuilder(
          URI.create(edge.url(reload + "&_HLS_skip=YES"))).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(skip.statusCode()).isEqualTo(200);
      assertThat(skip.headers().firstValue("X-Cache-Status")).as("_HLS_skip in the cache key")
          .hasValue("MISS");
      assertThat(new String(skip.body(), StandardCharsets.UTF_8))
          .as("a window of six target durations offers no delta update: the whole playlist")
          .doesNotContain("#EXT-X-SKIP");
    }

    // The publisher goes away: what is asked for next never comes.
    ffmpeg.destroy();
    assertThat(ffmpeg.waitFor(10, TimeUnit.SECONDS)).isTrue();
    Http ingestHttp = new Http(ingest.httpPort());
    String last = null;
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        System.nanoTime() < deadline; ) {
      // Once the ingest node saw the publisher go (its open segment closed) and the store has
      // its last playlist, nothing more comes.
      String stored = http.text("/live/ll/v.m3u8");
      if (!ingest.registry().get("live", "ll").isPublishing()
          && stored.equals(ingestHttp.text("/live/ll/v.m3u8"))) {
        last = stored;
        break;
      }
      Thread.sleep(100); // polling the condition above
    }
    assertThat(last).as("the stored playlist after the publisher left").isNotNull();
    // No publisher, no hint (bis 6.2.6): the next segment's first part is a 404 at once.
    assertThat(last).doesNotContain("#EXT-X-PRELOAD-HINT").doesNotContain("#EXT-X-ENDLIST");
    long msn = mediaSequence(last) + segments(last);
    String epoch = parts(last).get(0).replaceAll("v/([a-z0-9]+)-.*", "$1");
    assertThat(http.get("/live/ll/v/" + epoch + "-" + msn + ".0.m4s").statusCode())
        .as("a part that will not come").isEqualTo(404);
    HttpResponse<byte[]> unavailable = http.get("/live/ll/v.m3u8?_HLS_msn=" + msn
        + "&_HLS_part=0");
    assertThat(unavailable.statusCode()).as("a part that does not come within 3 x TD")
        .isEqualTo(503);
  }

  private static List<String> parts(String playlist) {
    List<String> uris = new ArrayList<>();
    Matcher m = PART.matcher(playlist);
    while (m.find()) {
      uris.add(m.group(2));
    }
    return uris;
  }

  private static long segments(String playlist) {
    return playlist.lines().filter(l -> l.startsWith("#EXTINF:")).count();
  }

  private static long mediaSequence(String playlist) {
    return playlist.lines().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
        .mapToLong(l -> Long.parseLong(l.substring(22))).findFirst().orElse(0);
  }

  /** The sum of the series of {@code name} on a node's /metrics. */
  private static long metric(Http node, String name) throws Exception {
    return node.text("/metrics").lines()
        .filter(l -> l.startsWith(name + "_total{") || l.startsWith(name + "_total "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
