package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.Http;
import io.headwater.origin.OriginConfig;
import io.headwater.origin.OriginServer;
import io.headwater.origin.Tools;
import io.headwater.origin.config.ConfigLoader;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.packager.timeline.SegmentNames;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The held-request limit over real sockets while ffmpeg publishes a low-latency stream: with
 * {@code maxBlockedRequestsPerStream: 3}, three LL-HLS blocking reloads are held, a fourth gets
 * 503 with Retry-After at once and is counted, as does an LL-DASH request for the segment being
 * written, and the three held ones are answered with the playlist once their segment exists.
 */
class BlockedRequestLimitEndToEndTest {
  private static final Pattern HINT = Pattern.compile(
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"v/[a-z0-9]+-([0-9]+)\\.([0-9]+)\\.m4s\"");

  private static String metric(int port, String name) throws IOException {
    String metrics = RawHttp.exchange("127.0.0.1", port,
        "GET /metrics HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n");
    Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.]+)$").matcher(metrics);
    return m.find() ? m.group(1) : "absent";
  }

  /** The stream's view once it has a segment being written (not so for a moment at a cut). */
  private static StreamView withOpenSegment(LiveStream stream) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    StreamView view = stream.view();
    while (view.lowLatency().openSegment() == null && System.nanoTime() < deadline) {
      Thread.sleep(10); // polls the view
      view = stream.view();
    }
    assertThat(view.lowLatency().openSegment()).as("a segment being written").isNotNull();
    return view;
  }

  @Test
  void requestsHeldBeyondTheStreamsCapGet503AtOnceAndTheHeldOnesAreAnswered()
      throws Exception {
    OriginConfig config = OriginConfig.defaults().withBindAddress("127.0.0.1").withPorts(0, 0)
        .withAccessLog(false).withStreamSettings(
            StreamSettings.DEFAULTS.withPartTarget(StreamSettings.DEFAULT_PART_TARGET));
    SecuritySettings security = SecuritySettings.from(new ConfigLoader().parse("""
        limits: { http: { maxBlockedRequestsPerStream: 3 } }
        """, List.of()));
    try (OriginServer server = OriginServer.start(config, Clock.systemUTC(), security)) {
      int port = server.httpPort();
      Http http = new Http(port);
      Process ffmpeg = Tools.publish(Tools.sample("h264-high-bframes-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/ll", true);
      List<Socket> held = new ArrayList<>();
      try {
        Matcher hint = HINT.matcher(http.awaitText("/live/ll/v.m3u8", "#EXT-X-PRELOAD-HINT",
            Duration.ofSeconds(20)));
        assertThat(hint.find()).isTrue();
        // The segment after the one being written: held for up to two segment durations.
        String blocking = "GET /live/ll/v.m3u8?_HLS_msn=" + (Long.parseLong(hint.group(1)) + 1)
            + " HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n";
        for (int i = 0; i < 3; i++) {
          Socket s = RawHttp.connect("127.0.0.1", port);
          s.getOutputStream().write(blocking.getBytes(StandardCharsets.ISO_8859_1));
          held.add(s);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!metric(port, "headwater_http_blocked_requests").equals("3.0")
            && System.nanoTime() < deadline) {
          Thread.sleep(50); // polls the gauge
        }
        assertThat(metric(port, "headwater_http_blocked_requests")).isEqualTo("3.0");

        String refused = RawHttp.exchange("127.0.0.1", port, blocking);
        assertThat(RawHttp.status(refused)).isEqualTo(503);
        assertThat(refused).containsIgnoringCase("Retry-After: 1")
            .containsIgnoringCase("Cache-Control: private, no-store")
            .contains("too many requests waiting on live/ll");
        assertThat(metric(port, "headwater_http_blocked_refused_total")).isEqualTo("1.0");

        // An LL-DASH request for the segment being written would be held as well: refused too.
        LiveStream stream = server.registry().get("live", "ll");
        int status = 0;
        for (int attempt = 0; attempt < 3 && status != 503; attempt++) {
          StreamView view = withOpenSegment(stream);
          long open = view.lowLatency().openSegment().sequenceNumber();
          String name = SegmentNames.cmafSegment(view.snapshot().epoch(), 1, open);
          String answer = RawHttp.exchange("127.0.0.1", port, "GET /live/ll/" + name
              + " HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n");
          status = RawHttp.status(answer);
          if (status != 503) { // only when the segment completed between view and request
            assertThat(withOpenSegment(stream).lowLatency().openSegment().sequenceNumber())
                .as("segment %d answered %d while open", open, status).isGreaterThan(open);
          }
        }
        assertThat(status).as("the open segment request").isEqualTo(503);
        assertThat(metric(port, "headwater_http_blocked_refused_total")).isEqualTo("2.0");

        for (Socket s : held) {
          String answer = RawHttp.readAll(s.getInputStream());
          assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
          assertThat(answer).contains("#EXTM3U");
        }
        assertThat(metric(port, "headwater_http_blocked_requests")).isEqualTo("0.0");
      } finally {
        for (Socket s : held) {
          s.close();
        }
        ffmpeg.destroy();
      }
    }
  }
}
