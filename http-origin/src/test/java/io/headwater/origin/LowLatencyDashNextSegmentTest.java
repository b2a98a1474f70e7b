package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.LowLatencyView;
import io.headwater.origin.pipeline.StreamSettings;
import io.headwater.origin.pipeline.StreamView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Low-latency DASH across segment boundaries, over real HTTP while real ffmpeg publishes in real
 * time: the MPD announces the segment after the one being written, and a request for it, made
 * while the segment before is still being written, is held until it begins and then answered
 * chunk by chunk with exactly the bytes of the complete segment. Before, the MPD listed only the
 * segment being written and the next one was a 404 until it began: dash.js, which refreshes the
 * MPD at most once a second, learnt of each segment up to a second after it began, and with a
 * latency target of three 340 ms chunks its buffer ran dry at segment boundaries (4 stalls a
 * minute, bench/README.md).
 */
class LowLatencyDashNextSegmentTest {
  private static final Pattern START_NUMBER = Pattern.compile("startNumber=\"([0-9]+)\"");
  private static final Pattern S = Pattern.compile("<S (?:t=\"[0-9]+\" )?d=\"[0-9]+\""
      + "(?: r=\"([0-9]+)\")?/>");

  @Test
  void theNextSegmentIsAnnouncedAndHeldUntilItBegins() throws Exception {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30),
        Duration.ofMinutes(5), Duration.ofMillis(340));
    try (LoopbackOrigin origin = LoopbackOrigin.start(c -> c.withStreamSettings(settings))) {
      OriginServer server = origin.server();
      Http http = origin.http();
      Process ffmpeg = Tools.publish(Tools.sample("h264-high-bframes-aac.flv"),
          origin.rtmpUrl("live/next"), true);
      try {
        http.awaitText("/live/next/index.mpd", "availabilityTimeComplete", Duration.ofSeconds(20));
        LiveStream stream = server.registry().get("live", "next");
        LowLatencyView.OpenSegment open = awaitOpenSegment(stream);
        String epoch = stream.view().snapshot().epoch();
        long next = open.sequenceNumber() + 1;

        String mpd = http.text("/live/next/index.mpd");
        assertThat(lastAnnounced(mpd)).as("the last segment the video timeline announces in\n%s",
            mpd).isGreaterThanOrEqualTo(next);

        String name = "v/" + epoch + "-" + next + ".m4s";
        CompletableFuture<HttpResponse<byte[]>> early = CompletableFuture.supplyAsync(() -> {
          try {
            return http.get("/live/next/" + name);
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        });
        assertThat(http.get("/live/next/v/" + epoch + "-" + (next + 1) + ".m4s").statusCode())
            .as("a segment further ahead than the MPD announces").isEqualTo(404);

        HttpResponse<byte[]> held = early.get(20, TimeUnit.SECONDS);
        assertThat(held.statusCode()).as("the next segment, asked for before it began")
            .isEqualTo(200);
        assertThat(held.headers().firstValue("Content-Length")).as("sent as it was written")
            .isEmpty();
        HttpResponse<byte[]> whole = http.get("/live/next/" + name);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(held.body()).as("the held response is the complete segment")
            .isEqualTo(whole.body());
        assertThat(held.body().length).isPositive();
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Polls the stream's views until one has a segment being written. */
  private static LowLatencyView.OpenSegment awaitOpenSegment(LiveStream stream)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      StreamView view = stream.view();
      if (view != null && view.lowLatency().openSegment() != null) {
        return view.lowLatency().openSegment();
      }
      Thread.sleep(20); // polls the view
    }
    throw new AssertionError("no segment being written within 20 s");
  }

  /** The number of the last segment the first (video) SegmentTimeline of the MPD lists. */
  private static long lastAnnounced(String mpd) {
    int video = mpd.indexOf("contentType=\"video\"");
    assertThat(video).as("a video AdaptationSet").isNotNegative();
    String set = mpd.substring(video, mpd.indexOf("</SegmentTimeline>", video));
    Matcher start = START_NUMBER.matcher(set);
    assertThat(start.find()).isTrue();
    long count = 0;
    Matcher s = S.matcher(set);
    while (s.find()) {
      count += 1 + (s.group(1) == null ? 0 : Long.parseLong(s.group(1)));
    }
    return Long.parseLong(start.group(1)) + count - 1;
  }
}
