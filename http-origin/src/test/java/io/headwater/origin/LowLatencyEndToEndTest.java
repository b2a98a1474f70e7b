package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.StreamSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;

/**
 * LL-HLS over real HTTP while real ffmpeg publishes in real time: parts are listed as they
 * complete, blocking playlist reloads and preload-hinted part requests are held until the part
 * exists (draft-pantos-hls-rfc8216bis 6.2.5.2, 6.2.6), bad requests are refused, parts add up to
 * their segment, and delta updates skip the old segments.
 */
class LowLatencyEndToEndTest {
  private static final Pattern PART = Pattern.compile(
      "#EXT-X-PART:DURATION=([0-9.]+),URI=\"([^\"]+)\"(,INDEPENDENT=YES)?");
  private static final Pattern HINT = Pattern.compile(
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/[a-z0-9]+-([0-9]+)\\.([0-9]+)\\.m4s\"");

  /** What an application gets by default: LL-HLS with 340 ms parts. */
  private static final StreamSettings LOW_LATENCY = StreamSettings.DEFAULTS;

  private static OriginServer start(StreamSettings settings) throws Exception {
    return OriginServer.start(OriginConfig.defaults().withBindAddress("127.0.0.1")
        .withPorts(0, 0).withStreamSettings(settings), Clock.systemUTC());
  }

  @Test
  void blockingReloadAndPreloadHintedPartsAreAnsweredWhenThePartExists() throws Exception {
    try (OriginServer server = start(LOW_LATENCY)) {
      Http http = new Http(server.httpPort());
      Process ffmpeg = Tools.publish(Tools.sample("h264-high-bframes-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/ll", true);
      try {
        String playlist = http.awaitText("/live/ll/v.m3u8", "#EXT-X-PRELOAD-HINT",
            Duration.ofSeconds(20));
        assertThat(playlist).contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,"
            + "PART-HOLD-BACK=1.02\n").contains("#EXT-X-PART-INF:PART-TARGET=0.34\n")
            .contains("#EXT-X-RENDITION-REPORT:URI=\"a.m3u8\"");
        Matcher hint = HINT.matcher(playlist);
        assertThat(hint.find()).isTrue();
        long msn = Long.parseLong(hint.group(1));
        int part = Integer.parseInt(hint.group(2));

        // The hinted part does not exist yet: the reload is held until it does.
        long t0 = System.nanoTime();
        HttpResponse<byte[]> blocked = http.get("/live/ll/v.m3u8?_HLS_msn=" + msn + "&_HLS_part="
            + part);
        double waitedMs = (System.nanoTime() - t0) / 1e6;
        assertThat(blocked.statusCode()).isEqualTo(200);
        String text = new String(blocked.body());
        List<String> listed = new ArrayList<>();
        Matcher m = PART.matcher(text);
        while (m.find()) {
          listed.add(m.group(2));
          assertThat(Double.parseDouble(m.group(1))).as("part duration").isLessThanOrEqualTo(0.34);
        }
        // The awaited part, or (when the segment ended with fewer parts) the next segment's first.
        assertThat(listed).anyMatch(u -> u.endsWith("-" + msn + "." + part + ".m4s")
            || u.endsWith("-" + (msn + 1) + ".0.m4s"));
        assertThat(blocked.headers().firstValue("Cache-Control").orElseThrow())
            .as("blocking responses are cacheable: the URL names the version")
            .startsWith("public, max-age=");
        System.out.printf("blocking reload for %d.%d answered after %.0f ms%n", msn, part,
            waitedMs);

        // The next hinted part, requested before it exists, arrives whole when complete.
        Matcher next = HINT.matcher(text);
        assertThat(next.find()).isTrue();
        String hinted = "v/" + text.replaceAll("(?s).*#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/"
            + "([^\"]+)\".*", "$1");
        HttpResponse<byte[]> partBytes = http.get("/live/ll/" + hinted);
        assertThat(partBytes.statusCode()).isEqualTo(200);
        try (IsoFile iso = new IsoFile(Channels.newChannel(
            new ByteArrayInputStream(partBytes.body())))) {
          assertThat(iso.getBoxes(MovieFragmentBox.class)).hasSize(1);
        }

        // Refusals of bis 6.2.5.2.
        assertThat(http.get("/live/ll/v.m3u8?_HLS_part=1").statusCode()).isEqualTo(400);
        assertThat(http.get("/live/ll/v.m3u8?_HLS_msn=" + (msn + 10)).statusCode())
            .isEqualTo(400);
        assertThat(http.get("/live/ll/v.m3u8?_HLS_msn=abc").statusCode()).isEqualTo(400);

        // A complete segment is exactly its parts, in order.
        String full = http.text("/live/ll/v.m3u8");
        String[] lines = full.split("\n");
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        String segmentUri = null;
        for (String line : lines) {
          Matcher pm = PART.matcher(line);
          if (pm.matches()) {
            joined.write(http.get("/live/ll/" + pm.group(2)).body());
          } else if (!line.startsWith("#") && !line.isBlank()) {
            if (joined.size() > 0) {
              segmentUri = line;
              break;
            }
          }
        }
        assertThat(segmentUri).as("a segment with listed parts").isNotNull();
        assertThat(joined.toByteArray()).isEqualTo(http.get("/live/ll/" + segmentUri).body());

        var delay = server.registry().get("live", "ll").availabilityDelay();
        assertThat(delay.count()).as("views published").isPositive();
        System.out.printf("ingest-to-listed delay over %d views: p50 <= %d us, p95 <= %d us, "
            + "p99 <= %d us%n", delay.count(), delay.quantileMicros(0.5),
            delay.quantileMicros(0.95), delay.quantileMicros(0.99));
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void deltaUpdatesSkipSegmentsOlderThanSixTargetDurations() throws Exception {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 20,
        Duration.ofSeconds(30), Duration.ofMinutes(5), StreamSettings.DEFAULT_PART_TARGET);
    try (OriginServer server = start(settings)) {
      Http http = new Http(server.httpPort());
      String url = "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/delta";
      for (int i = 0; i < 2; i++) {
        Process p = Tools.publish(Tools.sample("h264-baseline-aac.flv"), url, false);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        http.awaitText("/live/delta/ts/index.m3u8", "-" + (5 * i + 4) + ".ts",
            Duration.ofSeconds(20));
      }
      String full = http.text("/live/delta/v.m3u8");
      assertThat(full).contains("CAN-SKIP-UNTIL=12.0");
      String delta = http.text("/live/delta/v.m3u8?_HLS_skip=YES");
      // 10 segments of 2 s: those ending more than 12 s before the end are skipped.
      assertThat(delta).contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=4\n");
      assertThat(delta.lines().filter(l -> l.startsWith("#EXTINF"))).hasSize(6);
      assertThat(delta).contains("#EXT-X-MEDIA-SEQUENCE:0\n");
      assertThat(full.lines().filter(l -> l.startsWith("#EXTINF"))).hasSize(10);
    }
  }

  @Test
  void llOffAsksALowLatencyStreamForPlainPlaylistsAndMpd() throws Exception {
    try (OriginServer server = start(LOW_LATENCY)) {
      Http http = new Http(server.httpPort());
      Process p = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/both", true);
      try {
        String ll = http.awaitText("/live/both/v.m3u8", "-1.m4s", Duration.ofSeconds(20));
        assertThat(ll).contains("#EXT-X-PART:").contains("#EXT-X-VERSION:9");

        String multivariant = http.text("/live/both/index.m3u8?ll=off");
        assertThat(multivariant).contains("\nv.m3u8?ll=off\n").contains("URI=\"a.m3u8?ll=off\"");
        assertThat(http.text("/live/both/index.m3u8")).contains("\nv.m3u8\n");

        for (String track : new String[] {"v", "a"}) {
          String plain = http.text("/live/both/" + track + ".m3u8?ll=off");
          assertThat(plain).as(track).contains("#EXT-X-VERSION:7").contains("#EXTINF:")
              .doesNotContain("#EXT-X-PART").doesNotContain("SERVER-CONTROL")
              .doesNotContain("PRELOAD-HINT");
        }
        // Blocking reload parameters are ignored: answered at once, even far ahead.
        long t0 = System.nanoTime();
        HttpResponse<byte[]> ahead = http.get("/live/both/v.m3u8?ll=off&_HLS_msn=1000");
        assertThat(ahead.statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to answer").isLessThan(2_000);
        assertThat(new String(ahead.body())).doesNotContain("#EXT-X-PART");

        String mpd = http.text("/live/both/index.mpd");
        assertThat(mpd).contains("availabilityTimeOffset").contains("ServiceDescription");
        HttpResponse<byte[]> plainMpd = http.get("/live/both/index.mpd?ll=off");
        assertThat(new String(plainMpd.body())).contains("type=\"dynamic\"")
            .doesNotContain("availabilityTimeOffset").doesNotContain("ServiceDescription");
        assertThat(plainMpd.headers().firstValue("Cache-Control").orElseThrow())
            .as("a plain MPD is cached like any live MPD").startsWith("public, max-age=");
      } finally {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void lowLatencyOffGivesOneChunkPerSegmentAndNoParts() throws Exception {
    try (OriginServer server = start(StreamSettings.DEFAULTS.withPartTarget(Duration.ZERO))) {
      Http http = new Http(server.httpPort());
      Process p = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/plain", false);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String playlist = http.awaitText("/live/plain/v.m3u8", "-4.m4s", Duration.ofSeconds(20));
      assertThat(playlist).doesNotContain("#EXT-X-PART").doesNotContain("SERVER-CONTROL")
          .contains("#EXT-X-VERSION:7");
      String uri = playlist.lines().filter(l -> l.endsWith("-1.m4s")).findFirst().orElseThrow();
      try (IsoFile iso = new IsoFile(Channels.newChannel(
          new ByteArrayInputStream(http.get("/live/plain/" + uri).body())))) {
        assertThat(iso.getBoxes(MovieFragmentBox.class)).hasSize(1);
      }
    }
  }
}
