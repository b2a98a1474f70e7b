package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.pipeline.StreamView;
import io.headwater.packager.timeline.PartEntry;
import io.headwater.packager.timeline.SegmentNames;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Low-latency DASH over real HTTP while real ffmpeg publishes in real time: the MPD says the
 * segments are available before they are complete, and the segment being written is served at
 * once with the chunks made so far, growing chunk by chunk (chunked transfer coding) until it is
 * complete, with exactly the bytes of the complete segment.
 */
class LowLatencyDashEndToEndTest {
  /** What an application gets by default: low-latency DASH with 340 ms chunks. */
  private static final StreamSettings LOW_LATENCY = StreamSettings.DEFAULTS;

  private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theOpenSegmentIsStreamedChunkByChunkAndEqualsTheCompleteSegment() throws Exception {
    try (OriginServer server = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0).withStreamSettings(LOW_LATENCY),
        Clock.systemUTC())) {
      Http http = new Http(server.httpPort());
      Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/lld", true);
      try {
        http.awaitText("/live/lld/v.m3u8", "-1.m4s", Duration.ofSeconds(20));
        String mpd = http.awaitText("/live/lld/index.mpd", "availabilityTimeComplete=\"false\"",
            Duration.ofSeconds(20));
        assertThat(mpd).contains("availabilityTimeOffset=\"1.")
            .contains("<Latency target=\"1020\" min=\"680\" max=\"5020\"/>")
            .contains("<PlaybackRate min=\"0.95\" max=\"1.05\"/>")
            .contains("urn:mpeg:dash:utc:http-iso:2014").contains("minimumUpdatePeriod=\"PT0.34S\"");
        assertThat(http.get("/live/lld/index.mpd").headers().firstValue("Cache-Control"))
            .hasValue("public, no-cache");

        LiveStream stream = server.registry().get("live", "lld");
        // Early in a segment: its first chunk exists, most of it is still to come.
        StreamView early = await(stream, v -> v.lowLatency().openSegment() != null
            && partsOf(v, v.lowLatency().openSegment().sequenceNumber()) == 1);
        long open = early.lowLatency().openSegment().sequenceNumber();
        String epoch = early.snapshot().epoch();
        String name = SegmentNames.cmafSegment(epoch, 1, open);
        assertThat(http.awaitText("/live/lld/index.mpd", "startNumber", Duration.ofSeconds(5)))
            .as("the MPD lists the open segment").contains("v/" + epoch + "-$Number$.m4s");

        HttpResponse<InputStream> streamed = http11.send(
            HttpRequest.newBuilder(URI.create(http.url("/live/lld/" + name))).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.headers().firstValue("Content-Length")).isEmpty();
        assertThat(streamed.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(streamed.headers().firstValue("Cache-Control"))
            .hasValue("public, max-age=31536000, immutable");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int reads = 0;
        try (InputStream in = streamed.body()) {
          byte[] buf = new byte[64 * 1024];
          int n = in.read(buf);
          assertThat(n).isPositive();
          body.write(buf, 0, n);
          assertThat(stream.view().snapshot().lastSegment().sequenceNumber())
              .as("the first bytes arrive while segment %d is still being written", open)
              .isLessThan(open);
          // Further ahead than the MPD announces (the open segment and the next): not there.
          assertThat(http.get("/live/lld/" + SegmentNames.cmafSegment(epoch, 1, open + 2))
              .statusCode()).isEqualTo(404);
          while ((n = in.read(buf)) > 0) {
            body.write(buf, 0, n);
            reads++;
          }
        }
        assertThat(reads).as("later chunks arrive in later reads").isPositive();
        HttpResponse<byte[]> complete = http.get("/live/lld/" + name);
        assertThat(complete.statusCode()).isEqualTo(200);
        assertThat(complete.headers().firstValue("Content-Length"))
            .hasValue(Integer.toString(complete.body().length));
        assertThat(body.toByteArray()).as("streamed bytes equal the complete segment")
            .isEqualTo(complete.body());

        // The audio track's open segment, and an HTTP/1.0 client that gets it whole.
        StreamView next = await(stream, v -> v.lowLatency().openSegment() != null
            && v.lowLatency().openSegment().sequenceNumber() > open
            && partsOf(v, v.lowLatency().openSegment().sequenceNumber()) >= 1);
        String audio = SegmentNames.cmafSegment(epoch, 2,
            next.lowLatency().openSegment().sequenceNumber());
        byte[] http10 = http10Get(server.httpPort(), "/live/lld/" + audio);
        String head = new String(http10, 0, Math.min(http10.length, 1024),
            StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.0 200").containsIgnoringCase("Content-Length:");
        byte[] audioComplete = http.get("/live/lld/" + audio).body();
        int bodyStart = head.indexOf("\r\n\r\n") + 4;
        assertThat(java.util.Arrays.copyOfRange(http10, bodyStart, http10.length))
            .isEqualTo(audioComplete);
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void withoutLowLatencyTheMpdIsStandardAndAnUnfinishedSegmentIs404() throws Exception {
    try (OriginServer server = OriginServer.start(OriginConfig.defaults()
        .withBindAddress("127.0.0.1").withPorts(0, 0)
        .withStreamSettings(StreamSettings.DEFAULTS.withPartTarget(Duration.ZERO)),
        Clock.systemUTC())) {
      Http http = new Http(server.httpPort());
      // In real time: the segment after the newest one is then still being written when it is
      // asked for (a publish at full speed may finish it between the view and the request).
      Process ffmpeg = Tools.publish(Tools.sample("h264-baseline-aac.flv"),
          "rtmp://127.0.0.1:" + server.rtmpPort() + "/live/std", true);
      try {
        http.awaitText("/live/std/v.m3u8", "-1.m4s", Duration.ofSeconds(20));
        String mpd = http.text("/live/std/index.mpd");
        assertThat(mpd).doesNotContain("availabilityTimeComplete")
            .doesNotContain("availabilityTimeOffset").doesNotContain("ServiceDescription");
        StreamView view = server.registry().get("live", "std").view();
        long next = view.snapshot().lastSegment().sequenceNumber() + 1;
        assertThat(http.get("/live/std/" + SegmentNames.cmafSegment(view.snapshot().epoch(), 1,
            next)).statusCode()).isEqualTo(404);
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int partsOf(StreamView v, long segment) {
    int n = 0;
    for (PartEntry p : v.lowLatency().parts(1)) {
      if (p.segmentSequence() == segment) {
        n++;
      }
    }
    return n;
  }

  /** Polls the stream's view until {@code condition} holds. */
  private static StreamView await(LiveStream stream, Predicate<StreamView> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      StreamView v = stream.view();
      if (v != null && condition.test(v)) {
        return v;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the stream's view did not reach the condition within 20 s");
  }

  private static byte[] http10Get(int port, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return socket.getInputStream().readAllBytes();
    }
  }
}
