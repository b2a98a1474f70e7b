package io.headwater.origin.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.SegmentNames;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentKey;
import io.headwater.storage.StoredSegment;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A time-shifted stream's memory and listing against the disk that keeps its window: memory
 * holds the CMAF segments the disk has yet to store (MPEG-TS goes on schedule), releases them
 * once stored, and when the disk stops for good, releases anyway and lists only from what it
 * still holds, so every listed segment can be served.
 */
class LiveStreamTimeShiftTest {
  private static final int LIVE = 3;

  /** A disk whose progress the test sets. */
  private static final class Disk implements TimeShiftObserver {
    final AtomicLong storedThrough = new AtomicLong(-1);
    final AtomicBoolean stopped = new AtomicBoolean();

    @Override
    public Duration window() {
      return Duration.ofHours(2);
    }

    @Override
    public long storedThrough() {
      return storedThrough.get();
    }

    @Override
    public boolean stopped() {
      return stopped.get();
    }

    @Override
    public Optional<StoredSegment> read(String name) {
      return Optional.empty();
    }

    @Override
    public void onObject(String name, byte[] bytes) {}

    @Override
    public void onSegment(SegmentEntry entry, StreamFormatsAt formats,
        TimelineSnapshot snapshot) {}

    @Override
    public void onEnd(TimelineSnapshot last) {}
  }

  private final Disk disk = new Disk();
  private final InMemorySegmentStore store = new InMemorySegmentStore(Clock.systemUTC());
  private final LiveStream stream = new LiveStream("dvr", "cam", "ep1",
      new StreamSettings(Duration.ofSeconds(2), LIVE, Duration.ofSeconds(30),
          Duration.ofMinutes(5)), store, Clock.systemUTC(), s -> disk);

  /** One publish session of the 10 s sample, as fast as it demuxes. */
  private void publishOnce() throws Exception {
    SamplePublish.once(stream, "h264-baseline-aac.flv");
  }

  private boolean inMemory(String name) {
    return store.get(new SegmentKey("dvr/cam", name)).isPresent();
  }

  private long last() {
    return stream.view().snapshot().lastSegment().sequenceNumber();
  }

  @Test
  void memoryWaitsForTheDiskUnlessItStopped() throws Exception {
    assertThat(stream.timeShifted()).isTrue();
    publishOnce();
    publishOnce();
    long lagging = last();
    assertThat(lagging).as("more than memory holds without a disk").isGreaterThan(2L * LIVE);
    // Nothing is on disk yet: every CMAF segment stays in memory, MPEG-TS does not.
    assertThat(inMemory(SegmentNames.cmafSegment("ep1", 1, 0))).isTrue();
    assertThat(inMemory(SegmentNames.ts("ep1", 0))).isFalse();
    assertThat(stream.view().listed().mediaSequence()).isZero();
    assertThat(stream.view().listed().segments()).hasSize((int) lagging + 1);
    assertThat(stream.view().snapshot().segments()).hasSize(LIVE);

    // The disk caught up: memory lets go, the window still lists everything.
    disk.storedThrough.set(lagging);
    publishOnce();
    assertThat(inMemory(SegmentNames.cmafSegment("ep1", 1, 0))).isFalse();
    assertThat(stream.view().listed().mediaSequence()).isZero();

    // The disk stopped for good: memory releases what it never stored and the window starts
    // where memory does.
    disk.stopped.set(true);
    publishOnce();
    publishOnce();
    long first = stream.view().listed().mediaSequence();
    assertThat(first).isGreaterThan(lagging);
    for (SegmentEntry e : stream.view().listed().segments()) {
      assertThat(inMemory(SegmentNames.cmafSegment("ep1", 1, e.sequenceNumber())))
          .as("segment %d is listed, so memory holds it", e.sequenceNumber()).isTrue();
    }
  }
}
