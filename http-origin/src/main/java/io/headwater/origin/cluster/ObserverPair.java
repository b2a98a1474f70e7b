package io.headwater.origin.cluster;

import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.origin.pipeline.TimeShiftObserver;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import io.headwater.storage.StoredSegment;
import java.time.Duration;
import java.util.Optional;

/**
 * A stream's local observer (its recorder, if any) and its store writer as one observer, each
 * call made on both, the local one first. When the local one keeps the DVR window ({@link
 * TimeShiftObserver}), the pair is one too and answers for it, so that the stream's live
 * playlists still list the window on an ingest node.
 */
final class ObserverPair {
  private ObserverPair() {}

  /** {@code local} and {@code writer} together; {@code writer} alone without a local one. */
  static StreamObserver of(StreamObserver local, StreamObserver writer) {
    if (local == StreamObserver.NONE) {
      return writer;
    }
    if (local instanceof TimeShiftObserver timeShift) {
      return new TimeShiftPair(timeShift, writer);
    }
    return new Pair(local, writer);
  }

  private static class Pair implements StreamObserver {
    private final StreamObserver a;
    private final StreamObserver b;

    Pair(StreamObserver a, StreamObserver b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void onObject(String name, byte[] bytes) {
      try {
        a.onObject(name, bytes);
      } finally {
        b.onObject(name, bytes);
      }
    }

    @Override
    public void onSegment(SegmentEntry entry, StreamFormatsAt formats,
        TimelineSnapshot snapshot) {
      try {
        a.onSegment(entry, formats, snapshot);
      } finally {
        b.onSegment(entry, formats, snapshot);
      }
    }

    @Override
    public void onEnd(TimelineSnapshot last) {
      try {
        a.onEnd(last);
      } finally {
        b.onEnd(last);
      }
    }
  }

  private static final class TimeShiftPair extends Pair implements TimeShiftObserver {
    private final TimeShiftObserver timeShift;

    TimeShiftPair(TimeShiftObserver timeShift, StreamObserver writer) {
      super(timeShift, writer);
      this.timeShift = timeShift;
    }

    @Override
    public Duration window() {
      return timeShift.window();
    }

    @Override
    public long storedThrough() {
      return timeShift.storedThrough();
    }

    @Override
    public boolean stopped() {
      return timeShift.stopped();
    }

    @Override
    public Optional<StoredSegment> read(String name) {
      return timeShift.read(name);
    }
  }
}
