package io.headwater.origin.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headwater.origin.LoopbackOrigin;
import io.headwater.origin.Tools;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publishes a sample file with real ffmpeg and checks what an operator sees: the stats API
 * against ffprobe, viewers, /metrics in the Prometheus text format, the thumbnail, /readyz and
 * the dashboard with its bundled player.
 */
class OpsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "h264-baseline-aac.flv";

  @RegisterExtension
  static final LoopbackOrigin origin = LoopbackOrigin.with(c -> c);

  @BeforeAll
  static void publish() throws Exception {
    origin.publishToEnd(FILE, "live/ops");
    origin.http().awaitText("/live/ops/v.m3u8", "#EXTINF", Duration.ofSeconds(20));
  }

  private static JsonNode json(String path) throws Exception {
    HttpResponse<byte[]> r = origin.http().get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void statsReportCodecsResolutionFrameRateAndBitrateLikeFfprobe() throws Exception {
    JsonNode probe = Tools.probe(Tools.sample(FILE).toString(), "-show_streams",
        "-show_packets");
    JsonNode pv = null;
    JsonNode pa = null;
    for (JsonNode s : probe.get("streams")) {
      if (s.get("codec_type").asText().equals("video")) {
        pv = s;
      } else {
        pa = s;
      }
    }
    long videoBytes = 0;
    long audioBytes = 0;
    double duration = 0;
    for (JsonNode p : probe.get("packets")) {
      boolean video = p.get("stream_index").asInt() == pv.get("index").asInt();
      long size = p.get("size").asLong();
      if (video) {
        videoBytes += size;
      } else {
        audioBytes += size;
      }
      duration = Math.max(duration, p.get("pts_time").asDouble()
          + p.path("duration_time").asDouble(0));
    }
    JsonNode s = json("/api/streams/live/ops");
    assertThat(json("/api/streams").get("streams")).hasSize(1);
    assertThat(s.get("app").asText()).isEqualTo("live");
    assertThat(s.get("publisher").get("address").asText()).startsWith("127.0.0.1:");
    assertThat(s.get("publisher").get("encoder").asText()).startsWith("Lavf");
    assertThat(s.get("segments").asInt()).isGreaterThanOrEqualTo(4);
    JsonNode v = s.get("tracks").get(0);
    JsonNode a = s.get("tracks").get(1);
    assertThat(v.get("codec").asText()).startsWith("avc1.42");
    assertThat(v.get("width").asInt()).isEqualTo(pv.get("width").asInt());
    assertThat(v.get("height").asInt()).isEqualTo(pv.get("height").asInt());
    String[] fr = pv.get("avg_frame_rate").asText().split("/");
    assertThat(v.get("frameRate").asDouble())
        .isCloseTo(Double.parseDouble(fr[0]) / Double.parseDouble(fr[1]), within(0.05));
    assertThat(a.get("codec").asText()).isEqualTo("mp4a.40.2");
    assertThat(a.get("sampleRate").asInt()).isEqualTo(pa.get("sample_rate").asInt());
    assertThat((double) v.get("bitrate").asLong())
        .isCloseTo(videoBytes * 8 / duration, within(videoBytes * 8 / duration * 0.10));
    assertThat((double) a.get("bitrate").asLong())
        .isCloseTo(audioBytes * 8 / duration, within(audioBytes * 8 / duration * 0.10));
    assertThat(origin.http().get("/api/streams/live/nope").statusCode()).isEqualTo(404);
    JsonNode server = json("/api/server");
    assertThat(server.get("uptimeSeconds").asLong()).isNotNegative();
    assertThat(server.get("memory").get("heapUsedBytes").asLong()).isPositive();
    assertThat(server.get("rtmpPort").asInt()).as("the port publishers use, for the dashboard")
        .isEqualTo(origin.server().rtmpPort());
  }

  @Test
  void twoDistinctClientsAreTwoViewers() throws Exception {
    int before = json("/api/streams/live/ops").get("viewers").asInt();
    assertThat(origin.http().get("/live/ops/index.m3u8", "User-Agent", "player-one").statusCode())
        .isEqualTo(200);
    assertThat(origin.http().get("/live/ops/v.m3u8", "User-Agent", "player-one").statusCode())
        .isEqualTo(200);
    assertThat(origin.http().get("/live/ops/index.m3u8", "User-Agent", "player-two").statusCode())
        .isEqualTo(200);
    JsonNode s = json("/api/streams/live/ops");
    assertThat(s.get("viewers").asInt() - before).isEqualTo(2);
    assertThat(s.get("bytesServed").asLong()).isPositive();
  }

  @Test
  void metricsParseAsPrometheusTextAndCarryPerStreamSeries() throws Exception {
    origin.http().get("/live/ops/index.m3u8");
    String text = origin.http().text("/metrics");
    Pattern sample = Pattern.compile(
        "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})?"
            + " (NaN|[-+]?Inf|[-+]?[0-9.eE+-]+)( [0-9]+)?");
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        continue;
      }
      assertThat(sample.matcher(line).matches()).as("sample line %s", line).isTrue();
    }
    assertThat(value(text, "headwater_ingest_frames_total\\{app=\"live\",stream=\"ops\","
        + "track=\"video\"\\}")).isGreaterThan(100);
    assertThat(value(text, "headwater_segments_total\\{app=\"live\",stream=\"ops\"\\}"))
        .isGreaterThanOrEqualTo(4);
    assertThat(value(text, "headwater_http_requests_total\\{class=\"playlist\",status=\"200\"\\}"))
        .isPositive();
    assertThat(text).contains("headwater_http_request_duration_seconds_bucket{class=\"playlist\"")
        .contains("jvm_memory_used_bytes").contains("headwater_rtmp_connections");
  }

  @Test
  void grafanaDashboardQueriesOnlyExportedSeries() throws Exception {
    origin.http().get("/live/ops/index.m3u8");
    String text = origin.http().text("/metrics");
    JsonNode dashboard = JSON.readTree(
        java.nio.file.Path.of("..", "deploy", "grafana", "headwater.json").toFile());
    java.util.Set<String> names = new java.util.TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:headwater|jvm|process)_[a-z0-9_]+)");
    int queries = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries++;
        Matcher m = metric.matcher(target.get("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(queries).isGreaterThan(15);
    // Micrometer registers the GC pause timer at the first collection, which a short test
    // JVM may not have had.
    names.remove("jvm_gc_pause_seconds_sum");
    for (String name : names) {
      assertThat(Pattern.compile("(?m)^" + name + "[{ ]").matcher(text).find())
          .as("dashboard series %s in /metrics", name).isTrue();
    }
    assertThat(names).contains("headwater_ingest_bitrate_bps", "headwater_viewers",
        "headwater_http_request_duration_seconds_bucket");
  }

  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("series %s in\n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void thumbnailIsAJpegOfTheStreamSize() throws Exception {
    HttpResponse<byte[]> r = origin.http().get("/live/ops/thumbnail.jpg");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
    JsonNode v = json("/api/streams/live/ops").get("tracks").get(0);
    assertThat(img.getWidth()).isEqualTo(v.get("width").asInt());
    assertThat(img.getHeight()).isEqualTo(v.get("height").asInt());
    assertThat(origin.http().get("/live/none/thumbnail.jpg").statusCode()).isEqualTo(404);
  }

  @Test
  void readinessAndDashboardWithBundledPlayer() throws Exception {
    assertThat(origin.http().text("/readyz")).isEqualTo("ready\n");
    String page = origin.http().text("/");
    assertThat(page).contains("/assets/hls.min.js").doesNotContain("cdn");
    HttpResponse<byte[]> js = origin.http().get("/assets/hls.min.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(new String(js.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("Hls");
  }
}
