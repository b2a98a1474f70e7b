package io.headwater.origin.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.headwater.origin.EdgeNginx;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.TsViewer;
import io.headwater.origin.security.SecuritySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scaled-out topology on loopback: an S3 server (s3proxy, in-process), two ingest nodes,
 * two origin nodes and nginx with deploy/nginx/cluster-edge.conf load-balancing over the origin
 * nodes. ffmpeg publishes one stream to each ingest node; simulated viewers play both through
 * the edge while one origin node is stopped (no viewer may notice) and then one ingest node is
 * stopped (the other stream goes on; the stopped one's playlist ends with EXT-X-ENDLIST).
 */
class ClusterEndToEndTest {
  private static final Logger log = LoggerFactory.getLogger(ClusterEndToEndTest.class);
  /** Viewers per stream; bench/README.md runs it with more (-Dheadwater.cluster.viewers=N). */
  private static final int VIEWERS_PER_STREAM = Integer.getInteger("headwater.cluster.viewers",
      20);
  private static final Duration PLAY = Duration.ofSeconds(22);
  private static final Duration ORIGIN_DOWN_AFTER = Duration.ofSeconds(6);
  private static final Duration INGEST_DOWN_AFTER = Duration.ofSeconds(12);
  private static final int TARGET_DURATION_S = 2;

  @RegisterExtension
  final S3ProxyExtension s3 = ClusterStore.s3proxy("cluster");

  @TempDir Path dir;

  @Test
  void twoStreamsPlayThroughTheEdgeAcrossAnOriginNodeAndAnIngestNodeGoingAway()
      throws Exception {
    assertThat(Files.isExecutable(EdgeNginx.NGINX))
        .as("Debian's nginx at " + EdgeNginx.NGINX
            + " (apt-get install nginx; .ci/run installs it)").isTrue();
    ClusterStore bucket = ClusterStore.open(s3, "headwater", "cluster-test/");
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0);
    List<Process> processes = new ArrayList<>();
    OriginServer ingest1 = null;
    OriginServer ingest2 = null;
    OriginServer origin1 = null;
    OriginServer origin2 = null;
    EdgeNginx nginx = null;
    try {
      ingest1 = bucket.ingestNode(config, SecuritySettings.OPEN, null);
      ingest2 = bucket.ingestNode(config, SecuritySettings.OPEN, null);
      long ingest2Started = System.nanoTime();
      origin1 = bucket.originNode(config, Clock.systemUTC(), SecuritySettings.OPEN);
      origin2 = bucket.originNode(config, Clock.systemUTC(), SecuritySettings.OPEN);
      Process publishA = publishLoop(ingest1.rtmpPort(), "live/a");
      Process publishB = publishLoop(ingest2.rtmpPort(), "live/b");
      processes.add(publishA);
      processes.add(publishB);
      nginx = ClusterEdge.start(dir, origin1.httpPort(), origin2.httpPort());
      String edge = nginx.url("");
      HttpClient probe = HttpClient.newHttpClient();
      // The origin nodes know no stream that nobody ingests.
      assertThat(get(probe, "http://127.0.0.1:" + origin1.httpPort()
          + "/live/nobody/index.m3u8").statusCode()).isEqualTo(404);
      nginx.await(probe, "/live/a/ts/index.m3u8");
      nginx.await(probe, "/live/b/ts/index.m3u8");

      // ffprobe plays the CMAF renditions of each stream through the edge.
      for (String stream : List.of("a", "b")) {
        JsonNode streams = Tools.probe(edge + "/live/" + stream + "/index.m3u8", "-show_streams")
            .path("streams");
        List<String> codecs = new ArrayList<>();
        streams.forEach(s -> codecs.add(s.path("codec_name").asText()));
        assertThat(codecs).as("codecs of live/%s through the edge", stream)
            .contains("h264", "aac");
      }

      long requestsBefore = originRequests(probe, origin1) + originRequests(probe, origin2);
      List<TsViewer> viewers = new ArrayList<>();
      long start = System.nanoTime();
      for (String stream : List.of("a", "b")) {
        for (int i = 0; i < VIEWERS_PER_STREAM; i++) {
          TsViewer v = new TsViewer(edge, "/live/" + stream + "/ts/", start + PLAY.toNanos(),
              Duration.ofSeconds(TARGET_DURATION_S), true);
          viewers.add(v);
          v.start();
        }
      }
      awaitTime(start + ORIGIN_DOWN_AFTER.toNanos());
      long origin2Requests = originRequests(probe, origin2);
      long origin1Requests = originRequests(probe, origin1);
      origin1.close();
      origin1 = null;
      long originDownAt = System.nanoTime();
      log.info("cluster test: origin node 1 stopped after {}", ORIGIN_DOWN_AFTER);
      awaitTime(start + INGEST_DOWN_AFTER.toNanos());
      ingest1.close();
      ingest1 = null;
      long ingestDownAt = System.nanoTime();
      log.info("cluster test: ingest node 1 (live/a) stopped after {}", INGEST_DOWN_AFTER);
      for (TsViewer v : viewers) {
        v.join(PLAY.toMillis() + 30_000);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long originRequests = origin1Requests + originRequests(probe, origin2) - requestsBefore;
      log.info("cluster test: {} viewers through the edge for {} s caused {} origin-node "
          + "requests ({} /s); before the stop origin 1 had {} and origin 2 {}",
          viewers.size(), String.format("%.1f", seconds), originRequests,
          String.format("%.1f", originRequests / seconds), origin1Requests, origin2Requests);

      long uploads = metric(probe, ingest2, "headwater_object_store_uploads_total");
      long uploadBytes = metric(probe, ingest2, "headwater_object_store_upload_bytes_total");
      log.info("cluster test: ingest node 2 wrote {} objects ({} bytes) for one stream in {} s",
          uploads, uploadBytes, String.format("%.1f", (System.nanoTime() - ingest2Started) / 1e9));
      assertThat(metric(probe, ingest2, "headwater_object_store_dropped_total"))
          .as("objects ingest node 2 dropped").isZero();
      assertThat(metric(probe, ingest2, "headwater_object_store_failures_total"))
          .as("uploads ingest node 2 failed").isZero();
      assertThat(uploads).as("objects ingest node 2 wrote").isPositive();
      for (TsViewer v : viewers) {
        String who = "viewer of " + v.base();
        assertThat(v.failures()).as("failed fetches of a %s", who).isEmpty();
        assertThat(v.received()).as("segments a %s got", who)
            .hasSizeGreaterThanOrEqualTo((int) (INGEST_DOWN_AFTER.toSeconds()
                / TARGET_DURATION_S) - 3);
        for (int i = 1; i < v.received().size(); i++) {
          assertThat(v.received().get(i)).as("%s: media sequence after %d", who,
              v.received().get(i - 1)).isEqualTo(v.received().get(i - 1) + 1);
        }
        if (v.base().contains("/b/")) {
          assertThat(v.maxGapMillis()).as("longest wait of a %s for a new segment", who)
              .isLessThanOrEqualTo(3_000L * TARGET_DURATION_S);
          assertThat(v.lastNewAt()).as("%s: got new segments after the ingest node of a stopped",
              who).isGreaterThan(ingestDownAt + TimeUnit.SECONDS.toNanos(TARGET_DURATION_S));
          assertThat(v.ended()).as("%s: playlist did not end", who).isFalse();
        } else {
          assertThat(v.ended()).as("%s: saw EXT-X-ENDLIST after its ingest node stopped", who)
              .isTrue();
          assertThat(v.lastNewAt()).as("%s: got new segments until the origin node stopped", who)
              .isGreaterThan(originDownAt);
        }
      }
      // Both origin nodes took requests: the edge spreads them round-robin.
      assertThat(origin1Requests).as("requests origin node 1 served").isPositive();
      assertThat(origin2Requests).as("requests origin node 2 served").isPositive();
      // The edge collapses the viewers: per second, the origin nodes see a few playlist
      // refreshes and each new segment about once, not 40 viewers' requests.
      assertThat(originRequests / seconds).as("origin-node requests per second")
          .isLessThan(viewers.size());
      assertThat(publishB.isAlive()).as("the publisher of live/b still runs").isTrue();
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
      if (nginx != null) {
        nginx.close();
      }
      for (OriginServer s : new OriginServer[] {origin1, origin2, ingest1, ingest2}) {
        if (s != null) {
          s.close();
        }
      }
      for (Process p : processes) {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      bucket.close();
    }
  }

  /** ffmpeg sends the sample in a loop at its real rate, as an encoder would. */
  private static Process publishLoop(int rtmpPort, String path) throws IOException {
    return new ProcessBuilder(Tools.ffmpeg(), "-hide_banner", "-loglevel", "error", "-re",
        "-stream_loop", "-1", "-i", Tools.sample("h264-baseline-aac.flv").toString(),
        "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/" + path)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** The sum of headwater_http_requests_total on a node's /metrics. */
  private static long originRequests(HttpClient client, OriginServer node) throws Exception {
    return metric(client, node, "headwater_http_requests_total");
  }

  /** The sum of the series of {@code name} on a node's /metrics. */
  private static long metric(HttpClient client, OriginServer node, String name)
      throws Exception {
    String metrics = new String(get(client, "http://127.0.0.1:" + node.httpPort() + "/metrics")
        .body(), StandardCharsets.UTF_8);
    return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static HttpResponse<byte[]> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void awaitTime(long nanoTime) throws InterruptedException {
    while (System.nanoTime() < nanoTime) {
      Thread.sleep(50);
    }
  }
}
