package io.headwater.origin.pipeline;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;

/**
 * Sees what a stream stores, in order, on the stream's own thread: what recordings, mirrors and
 * DVR stores build on. Implementations must be quick or hand work to their own thread; an
 * exception they throw is logged and does not stop the stream.
 */
public interface StreamObserver {
  /** An object was stored: an init segment, or one rendition of a segment (not LL parts). */
  void onObject(String name, byte[] bytes);

  /** A segment is complete and listed; its objects were passed to {@link #onObject} before. */
  void onSegment(SegmentEntry entry, StreamFormatsAt formats, TimelineSnapshot snapshot);

  /** The stream ended (EXT-X-ENDLIST); {@code last} is its final snapshot. */
  void onEnd(TimelineSnapshot last);

  /** Creates the observer of a new stream, or returns {@link #NONE}. */
  @FunctionalInterface
  interface Factory {
    StreamObserver create(LiveStream stream);
  }

  /** Observes nothing. */
  StreamObserver NONE = new StreamObserver() {
    @Override
    public void onObject(String name, byte[] bytes) {}

    @Override
    public void onSegment(SegmentEntry entry, StreamFormatsAt formats,
        TimelineSnapshot snapshot) {}

    @Override
    public void onEnd(TimelineSnapshot last) {}
  };
}
