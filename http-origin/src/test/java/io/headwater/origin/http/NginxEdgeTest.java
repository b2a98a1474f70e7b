package io.headwater.origin.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.EdgeNginx;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.TsViewer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * deploy/nginx/edge.conf in front of two origins that each run the same live stream (the demo,
 * published independently to both): 50 simulated viewers play through nginx for about 25 s while
 * the primary origin crashes halfway. Viewers must get every segment without a stall, the origins
 * must see each segment about once, and playlists must be refreshed from the origin on time.
 */
class NginxEdgeTest {
  private static final Logger log = LoggerFactory.getLogger(NginxEdgeTest.class);
  private static final Path EDGE_CONF = Path.of("..", "deploy", "nginx", "edge.conf");
  private static final String PLAYLIST = "/live/demo/ts/index.m3u8";
  private static final int VIEWERS = 50;
  private static final Duration PLAY = Duration.ofSeconds(25);
  private static final Duration CRASH_AFTER = Duration.ofSeconds(12);
  private static final int TARGET_DURATION_S = 2;

  @TempDir Path dir;

  @Test
  void fiftyViewersPlayThroughTheEdgeAcrossAnOriginCrash() throws Exception {
    RequestCounter primaryCount = new RequestCounter();
    RequestCounter backupCount = new RequestCounter();
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0)
        .withDemo(true);
    EdgeNginx nginx = null;
    try (OriginServer primary = OriginServer.start(config, Clock.systemUTC(), primaryCount);
        OriginServer backup = OriginServer.start(config, Clock.systemUTC(), backupCount)) {
      Map<String, Integer> upstreams = new LinkedHashMap<>();
      upstreams.put("10.0.0.11:8080", primary.httpPort());
      upstreams.put("10.0.0.12:8080", backup.httpPort());
      nginx = EdgeNginx.start(dir, EDGE_CONF, "/run/nginx-edge.pid", "/var/cache/nginx/edge/",
          upstreams);
      HttpClient probe = HttpClient.newHttpClient();
      String edge = nginx.url("");
      awaitPlaylist(probe, edge, nginx);

      List<TsViewer> viewers = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < VIEWERS; i++) {
        TsViewer v = new TsViewer(edge, "/live/demo/ts/", start + PLAY.toNanos(),
            Duration.ofSeconds(TARGET_DURATION_S), false);
        viewers.add(v);
        v.start();
      }
      long crashAt = start + CRASH_AFTER.toNanos();
      while (System.nanoTime() < crashAt) {
        Thread.sleep(100);
      }
      primaryCount.crash();
      primary.close();
      log.info("edge test: primary origin crashed after {}", CRASH_AFTER);
      for (TsViewer v : viewers) {
        v.join(PLAY.toMillis() + 30_000);
      }

      Map<String, Integer> segmentFetches = new TreeMap<>();
      for (RequestCounter c : List.of(primaryCount, backupCount)) {
        c.all().forEach((path, n) -> {
          if (path.endsWith(".ts")) {
            segmentFetches.merge(path, n.get(), Integer::sum);
          }
        });
      }
      int playlistFetches = primaryCount.count(PLAYLIST) + backupCount.count(PLAYLIST);
      long seconds = PLAY.toSeconds();
      log.info("edge test: viewers={} segments/viewer min={} max gap={} ms, origin fetches: "
          + "segments={} max/segment={} playlist={} (primary {}, backup {})", VIEWERS,
          viewers.stream().mapToInt(v -> v.received().size()).min().orElse(0),
          viewers.stream().mapToLong(v -> v.maxGapMillis()).max().orElse(0),
          segmentFetches.size(),
          segmentFetches.values().stream().mapToInt(Integer::intValue).max().orElse(0),
          playlistFetches, primaryCount.count(PLAYLIST), backupCount.count(PLAYLIST));
      log.info("edge test: viewers with a failed fetch during the failover: {}",
          viewers.stream().filter(v -> !v.failures().isEmpty()).count());
      assertThat(backupCount.count(PLAYLIST)).as("the backup took over the playlist").isPositive();
      for (TsViewer v : viewers) {
        // A playlist cached from the primary may list a segment the edge had not fetched yet
        // when the primary died; the backup names its segments differently, so that one fetch
        // fails and the viewer reloads. Nothing else may fail, and only right after the crash.
        long failoverEnd = crashAt + TimeUnit.SECONDS.toNanos(2L * TARGET_DURATION_S + 2);
        for (int i = 0; i < v.failures().size(); i++) {
          assertThat(v.failedAt().get(i)).as("time of failed fetch %s", v.failures().get(i))
              .isBetween(crashAt, failoverEnd);
        }
        assertThat(v.failures()).as("failed fetches of a viewer around the failover")
            .hasSizeLessThanOrEqualTo(2);
        assertThat(v.received().size()).as("segments a viewer got in %s", PLAY)
            .isGreaterThanOrEqualTo((int) (PLAY.toSeconds() / TARGET_DURATION_S) - 3);
        assertThat(v.maxGapMillis()).as("longest wait of a viewer for a new segment")
            .isLessThanOrEqualTo(3_000L * TARGET_DURATION_S);
        long previous = -1;
        for (long msn : v.received()) {
          if (previous >= 0) {
            assertThat(msn).as("media sequence after %d", previous).isEqualTo(previous + 1);
          }
          previous = msn;
        }
      }
      assertThat(segmentFetches).as("segments fetched by viewers reached the origins").isNotEmpty();
      assertThat(segmentFetches.values()).as("origin requests per segment, 50 viewers each")
          .allMatch(n -> n <= 2);
      // nginx expires max-age=1 at whole seconds and refreshes in the background: about one
      // origin request per 1-2 s; viewers' playlist freshness is the max-gap check above.
      assertThat(playlistFetches).as("playlist requests reaching the origins in %d s (max-age=1)",
          seconds).isBetween((int) (seconds * 3 / (4 * TARGET_DURATION_S)),
              (int) (2 * seconds + 10));
    } finally {
      if (nginx != null) {
        nginx.close();
      }
    }
  }

  private void awaitPlaylist(HttpClient client, String edge, EdgeNginx nginx) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      nginx.assertRunning();
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(edge + PLAYLIST))
            .build(), HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 200 && r.body().contains(".ts")) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();  // nginx not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no playlist through the edge within 20 s; last: " + last);
  }
}
