package io.headwater.packager.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveTimelineTest {
  private static final Instant T0 = Instant.parse("2026-11-22T03:04:05.120Z");
  private static final long TWO_SECONDS_90K = 180_000;

  private final StepClock clock = new StepClock(T0);

  @Test
  void initialSnapshotIsEmptyAndNeverNull() {
    LiveTimeline timeline = new LiveTimeline("k3x9a", 3, clock);

    TimelineSnapshot s = timeline.snapshot();
    assertThat(s).isNotNull();
    assertThat(s.segments()).isEmpty();
    assertThat(s.epoch()).isEqualTo("k3x9a");
    assertThat(s.ended()).isFalse();
    assertThat(s.discontinuitySequence()).isZero();
    assertThat(s.updated()).isEqualTo(T0);
    assertThat(timeline.nextSequenceNumber()).isZero();
  }

  @Test
  void appendKeepsTheLastWindowSegmentsAndReturnsTheRemovedOnes() {
    LiveTimeline timeline = started(3);

    List<List<SegmentEntry>> removed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      removed.add(timeline.append(segment(i, false)));
    }

    TimelineSnapshot s = timeline.snapshot();
    assertThat(s.segments()).extracting(SegmentEntry::sequenceNumber).containsExactly(2L, 3L, 4L);
    assertThat(s.mediaSequence()).isEqualTo(2);
    assertThat(removed.get(0)).isEmpty();
    assertThat(removed.get(2)).isEmpty();
    assertThat(removed.get(3)).extracting(SegmentEntry::sequenceNumber).containsExactly(0L);
    assertThat(removed.get(4)).extracting(SegmentEntry::sequenceNumber).containsExactly(1L);
    assertThat(timeline.nextSequenceNumber()).isEqualTo(5);
  }

  @Test
  void removingADiscontinuitySegmentIncrementsTheDiscontinuitySequence() {
    LiveTimeline timeline = started(2);
    timeline.append(segment(0, false));
    timeline.append(segment(1, true));
    timeline.append(segment(2, false));
    assertThat(timeline.snapshot().discontinuitySequence())
        .as("segment 0 had no discontinuity")
        .isZero();

    timeline.append(segment(3, true));
    assertThat(timeline.snapshot().discontinuitySequence())
        .as("segment 1 (discontinuity) left the window")
        .isEqualTo(1);

    timeline.append(segment(4, false));
    timeline.append(segment(5, false));
    assertThat(timeline.snapshot().discontinuitySequence()).isEqualTo(2);
    assertThat(timeline.snapshot().segments())
        .extracting(SegmentEntry::sequenceNumber)
        .containsExactly(4L, 5L);
  }

  @Test
  void versionIncreasesByOnePerPublishAndUpdatedComesFromTheClock() {
    LiveTimeline timeline = new LiveTimeline("e", 3, clock);
    long v0 = timeline.snapshot().version();

    clock.advance(Duration.ofSeconds(1));
    timeline.setTargetDuration(2);
    assertThat(timeline.snapshot().version()).isEqualTo(v0 + 1);
    assertThat(timeline.snapshot().targetDurationSeconds()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(2));
    timeline.append(segment(0, false));
    assertThat(timeline.snapshot().version()).isEqualTo(v0 + 2);
    assertThat(timeline.snapshot().updated()).isEqualTo(T0.plusSeconds(3));

    clock.advance(Duration.ofSeconds(2));
    timeline.end();
    TimelineSnapshot ended = timeline.snapshot();
    assertThat(ended.ended()).isTrue();
    assertThat(ended.version()).isEqualTo(v0 + 3);
    assertThat(ended.updated()).isEqualTo(T0.plusSeconds(5));

    timeline.end();
    assertThat(timeline.snapshot()).as("a second end() publishes nothing").isSameAs(ended);
  }

  @Test
  void snapshotsAreImmutableOnceTaken() {
    LiveTimeline timeline = started(2);
    timeline.append(segment(0, false));
    TimelineSnapshot before = timeline.snapshot();

    timeline.append(segment(1, false));
    timeline.append(segment(2, false));

    assertThat(before.segments()).extracting(SegmentEntry::sequenceNumber).containsExactly(0L);
    assertThatThrownBy(() -> before.segments().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void targetDurationIsFixedOnce() {
    LiveTimeline timeline = new LiveTimeline("e", 3, clock);
    timeline.setTargetDuration(4);
    long version = timeline.snapshot().version();

    timeline.setTargetDuration(4);
    assertThat(timeline.snapshot().version()).as("same value is a no-op").isEqualTo(version);
    assertThatThrownBy(() -> timeline.setTargetDuration(6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("4")
        .hasMessageContaining("6");
    assertThatThrownBy(() -> new LiveTimeline("e", 3, clock).setTargetDuration(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsOutOfOrderSegmentsLateAppendsAndMissingTargetDuration() {
    assertThatThrownBy(() -> new LiveTimeline("e", 3, clock).append(segment(0, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("target duration");

    LiveTimeline timeline = started(3);
    timeline.append(segment(0, false));
    assertThatThrownBy(() -> timeline.append(segment(2, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 1");
    assertThatThrownBy(() -> timeline.append(segment(0, false)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(timeline.snapshot().segments()).hasSize(1);

    timeline.end();
    assertThatThrownBy(() -> timeline.append(segment(1, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ended");
    assertThatThrownBy(() -> new LiveTimeline("e", 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readersOnOtherThreadsOnlySeeCompleteSnapshots() throws Exception {
    int window = 4;
    int total = 20_000;
    LiveTimeline timeline = started(window);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch readersStarted = new CountDownLatch(2);
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Thread reader = new Thread(() -> {
        readersStarted.countDown();
        long lastVersion = -1;
        long lastMediaSequence = 0;
        try {
          while (!done.get()) {
            TimelineSnapshot s = timeline.snapshot();
            assertThat(s.version()).isGreaterThanOrEqualTo(lastVersion);
            assertThat(s.mediaSequence()).isGreaterThanOrEqualTo(lastMediaSequence);
            assertThat(s.segments().size()).isLessThanOrEqualTo(window);
            if (!s.segments().isEmpty()) {
              // every 10th segment carries a discontinuity; the count that scrolled out must
              // match the first listed number exactly (no torn snapshot)
              long first = s.mediaSequence();
              assertThat(s.discontinuitySequence()).isEqualTo(first == 0 ? 0 : (first - 1) / 10 + 1);
            }
            lastVersion = s.version();
            lastMediaSequence = s.mediaSequence();
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      });
      reader.start();
      readers.add(reader);
    }
    readersStarted.await();
    for (int i = 0; i < total; i++) {
      timeline.append(segment(i, i % 10 == 0));
    }
    done.set(true);
    for (Thread reader : readers) {
      reader.join();
    }

    assertThat(failure.get()).isNull();
    assertThat(timeline.snapshot().mediaSequence()).isEqualTo(total - window);
    assertThat(timeline.snapshot().discontinuitySequence()).isEqualTo((total - window - 1) / 10 + 1);
  }

  private LiveTimeline started(int window) {
    LiveTimeline timeline = new LiveTimeline("k3x9a", window, clock);
    timeline.setTargetDuration(2);
    return timeline;
  }

  private static SegmentEntry segment(long sequenceNumber, boolean discontinuity) {
    return new SegmentEntry(sequenceNumber, sequenceNumber * TWO_SECONDS_90K, TWO_SECONDS_90K,
        T0.plusSeconds(2 * sequenceNumber), discontinuity, /* independent= */ true,
        /* tsSizeBytes= */ 1000, List.of());
  }

  /** A clock that moves only when told to. */
  private static final class StepClock extends Clock {
    private volatile Instant now;

    StepClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
