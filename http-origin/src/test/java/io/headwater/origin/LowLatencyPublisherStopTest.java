package io.headwater.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * LL-HLS when the publisher stops, over real HTTP while real ffmpeg publishes in real time.
 * draft-pantos-hls-rfc8216bis 6.2.6: a server that will not publish a hinted resource SHOULD
 * answer requests for it with 404; 4.4.5.3: no EXT-X-PRELOAD-HINT with EXT-X-ENDLIST; 6.2.5.2:
 * a blocking reload is held until its part exists (or 503 after three target durations), and
 * its parameters are ignored once the playlist has EXT-X-ENDLIST.
 *
 * <p>So: part requests held when the publisher leaves are answered at once, with the part when
 * closing the segment made it and 404 otherwise, while the playlist is still live; during the
 * reconnect grace nothing is hinted (a returning publisher's parts follow a discontinuity) and
 * a part that will not come is a 404 at once; a reload held through the grace is answered with
 * the final playlist when the stream ends. Before, the playlists kept hinting the next segment's
 * first part through the grace and its requests were held until the stream ended, and then
 * answered 404 just as the playlist became final: Shaka took that for a fatal error.
 */
class LowLatencyPublisherStopTest {
  private static final Pattern HINT = Pattern.compile(
      "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"(v/([a-z0-9]+)-([0-9]+)\\.([0-9]+)\\.m4s)\"");
  private static final Pattern LAST_SEGMENT = Pattern.compile(
      "(?s).*\nv/[a-z0-9]+-([0-9]+)\\.m4s\n.*");
  /** Short, so that the test waits little; long enough to look at the stream in between. */
  private static final Duration GRACE = Duration.ofSeconds(4);

  /** A response and whether the stream had ended when it came. */
  private record Answer(int status, byte[] body, boolean streamEnded) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  @Test
  void heldRequestsAreAnsweredWhenThePublisherStopsAndTheGraceEndsTheStream() throws Exception {
    StreamSettings settings = new StreamSettings(Duration.ofSeconds(2), 6, GRACE,
        Duration.ofMinutes(5), StreamSettings.DEFAULT_PART_TARGET);
    try (LoopbackOrigin origin = LoopbackOrigin.start(c -> c.withStreamSettings(settings))) {
      OriginServer server = origin.server();
      Http http = origin.http();
      Process ffmpeg = Tools.publish(Tools.sample("h264-high-bframes-aac.flv"),
          origin.rtmpUrl("live/stop"), true);
      try {
        String playlist = http.awaitText("/live/stop/v.m3u8", "-1.m4s\n", Duration.ofSeconds(20));
        LiveStream stream = server.registry().get("live", "stop");
        Matcher hint = HINT.matcher(playlist);
        assertThat(hint.find()).as("a live playlist hints the next part:\n%s", playlist).isTrue();
        String epoch = hint.group(2);
        long msn = Long.parseLong(hint.group(3));
        int part = Integer.parseInt(hint.group(4));
        // The hinted part and the one after it: requested before they exist, held.
        List<String> held = List.of(hint.group(1),
            "v/" + epoch + "-" + msn + "." + (part + 1) + ".m4s");
        List<CompletableFuture<Answer>> answers = held.stream()
            .map(name -> fetch(http, stream, "/live/stop/" + name)).toList();

        ffmpeg.destroy();
        assertThat(ffmpeg.waitFor(10, TimeUnit.SECONDS)).as("ffmpeg stopped").isTrue();
        for (int i = 0; i < held.size(); i++) {
          Answer a = answers.get(i).get(20, TimeUnit.SECONDS);
          assertThat(a.streamEnded()).as("%s answered while the playlist was live, not at the "
              + "end of the grace", held.get(i)).isFalse();
          String now = http.text("/live/stop/v.m3u8");
          if (a.status() == 200) {
            // Closing the segment as the publisher left made it: the playlist lists it.
            assertThat(now).as("a part served is listed").contains(held.get(i));
          } else {
            assertThat(a.status()).as("%s: %s", held.get(i), a.text()).isEqualTo(404);
            assertThat(now).as("a part answered 404 is not listed").doesNotContain(held.get(i));
          }
        }

        // The reconnect grace: live playlists without a hint, a part that will not come is a 404.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stream.isPublishing() && System.nanoTime() < deadline) {
          Thread.sleep(20); // polls the publisher's state
        }
        assertThat(stream.isPublishing()).as("the publisher left").isFalse();
        for (String track : List.of("v", "a")) {
          String grace = http.text("/live/stop/" + track + ".m3u8");
          assertThat(grace).as("%s.m3u8 in the grace", track).doesNotContain("#EXT-X-ENDLIST")
              .doesNotContain("#EXT-X-PRELOAD-HINT").contains("#EXT-X-PART:");
        }
        String grace = http.text("/live/stop/v.m3u8");
        Matcher last = LAST_SEGMENT.matcher(grace);
        assertThat(last.matches()).as("a complete segment in\n%s", grace).isTrue();
        long next = Long.parseLong(last.group(1)) + 1;
        Answer nextPart = fetch(http, stream, "/live/stop/v/" + epoch + "-" + next + ".0.m4s")
            .get(20, TimeUnit.SECONDS);
        assertThat(nextPart.status()).as("the next segment's first part, in the grace")
            .isEqualTo(404);
        assertThat(nextPart.streamEnded()).as("answered at once, not at the end").isFalse();

        // A reload for that part, held through the grace, gets the final playlist at the end.
        Answer reload = fetch(http, stream,
            "/live/stop/v.m3u8?_HLS_msn=" + next + "&_HLS_part=0").get(20, TimeUnit.SECONDS);
        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.streamEnded()).as("held until the stream ended").isTrue();
        assertThat(reload.text()).contains("#EXT-X-ENDLIST").doesNotContain("#EXT-X-PRELOAD-HINT");
      } finally {
        ffmpeg.destroy();
        ffmpeg.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** GETs {@code path} on another thread; notes whether the stream had ended by the answer. */
  private static CompletableFuture<Answer> fetch(Http http, LiveStream stream, String path) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        HttpResponse<byte[]> r = http.get(path);
        return new Answer(r.statusCode(), r.body(), stream.isEnded());
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }
}
