package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 8216 6.2.2: "When the server removes a Media Segment URI from the Playlist, the
 * corresponding Media Segment MUST remain available to clients for a period of time equal to the
 * duration of the segment plus the duration of the longest Playlist file distributed by the
 * server containing that segment." Checked on a stream published with real segments, in
 * published media time, for both renditions; and memory lets go of what is past that period.
 */
class LiveStreamRetentionTest {
  private static final int LIVE = 3;

  private final List<SegmentEntry> published = new ArrayList<>();
  private final InMemorySegmentStore store = new InMemorySegmentStore(Clock.systemUTC());
  private final LiveStream stream = new LiveStream("live", "cam", "ep1",
      new StreamSettings(Duration.ofSeconds(2), LIVE, Duration.ofSeconds(30),
          Duration.ofMinutes(5)), store, Clock.systemUTC(), s -> new StreamObserver() {
            @Override
            public void onObject(String name, byte[] bytes) {}

            @Override
            public void onSegment(SegmentEntry entry, StreamFormatsAt formats,
                TimelineSnapshot snapshot) {
              published.add(entry);
            }

            @Override
            public void onEnd(TimelineSnapshot last) {}
          });

  private void publishOnce() throws Exception {
    SamplePublish.once(stream, "h264-baseline-aac.flv");
  }

  private boolean inMemory(String name) {
    return store.get(new SegmentKey("live/cam", name)).isPresent();
  }

  @Test
  void aSegmentThatLeftThePlaylistStaysForItsDurationPlusThePlaylistsThenGoes() throws Exception {
    publishOnce();
    publishOnce();
    publishOnce();
    int n = published.size();
    assertThat(n).as("segments published").isGreaterThan(3 * LIVE + 2);
    // end[i]: published media time at the end of segment i, all sessions together.
    long[] end = new long[n];
    long clock = 0;
    for (int i = 0; i < n; i++) {
      clock += published.get(i).duration90k();
      end[i] = clock;
    }
    long now = end[n - 1];
    int mustStay = 0;
    int mustGo = 0;
    for (int i = 0; i + LIVE < n; i++) {
      SegmentEntry s = published.get(i);
      // Segment i left when segment i + LIVE was added; the last playlist listing it held
      // segments i .. i + LIVE - 1.
      long listing = 0;
      for (int j = i; j < i + LIVE; j++) {
        listing += published.get(j).duration90k();
      }
      long until = end[i + LIVE] + s.duration90k() + listing;
      String ts = SegmentNames.ts("ep1", s.sequenceNumber());
      String video = SegmentNames.cmafSegment("ep1", s.tracks().get(0).trackId(),
          s.sequenceNumber());
      if (until > now) {
        mustStay++;
        assertThat(inMemory(ts)).as("TS segment %d, due until %d, now %d", i, until, now)
            .isTrue();
        assertThat(inMemory(video)).as("CMAF segment %d", i).isTrue();
      } else if (until + 90_000L * 4 <= now) {
        mustGo++;
        assertThat(inMemory(ts)).as("TS segment %d released", i).isFalse();
        assertThat(inMemory(video)).as("CMAF segment %d released", i).isFalse();
      }
    }
    assertThat(mustStay).as("segments out of the playlist but still due").isGreaterThan(LIVE);
    assertThat(mustGo).as("segments past their period").isPositive();
  }
}
