package io.headwater.packager.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable view of one stream's rolling window of segments, published by the stream's
 * single writer after every change so that HTTP threads read it without locking.
 *
 * @param epoch a token unique to this stream's lifetime (it appears in every segment URL, so
 *     that URLs never repeat across publisher sessions and server restarts)
 * @param targetDurationSeconds EXT-X-TARGETDURATION; fixed for the stream's lifetime
 * @param segments the window, oldest first, sequence numbers consecutive
 * @param discontinuitySequence the number of discontinuities that have scrolled out of the
 *     window (EXT-X-DISCONTINUITY-SEQUENCE)
 * @param ended whether the stream has ended (EXT-X-ENDLIST)
 * @param updated when this snapshot was published (Last-Modified)
 * @param version increases by one with each snapshot of the stream (for ETag)
 */
public record TimelineSnapshot(
    String epoch,
    int targetDurationSeconds,
    List<SegmentEntry> segments,
    long discontinuitySequence,
    boolean ended,
    Instant updated,
    long version) {
  public TimelineSnapshot {
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(updated, "updated");
    segments = List.copyOf(segments);
    for (int i = 1; i < segments.size(); i++) {
      if (segments.get(i).sequenceNumber() != segments.get(i - 1).sequenceNumber() + 1) {
        throw new IllegalArgumentException("segment sequence numbers are not consecutive at " + i);
      }
    }
  }

  /** EXT-X-MEDIA-SEQUENCE: the first listed segment's number (0 for an empty window). */
  public long mediaSequence() {
    return segments.isEmpty() ? 0 : segments.get(0).sequenceNumber();
  }

  public SegmentEntry lastSegment() {
    return segments.isEmpty() ? null : segments.get(segments.size() - 1);
  }

  /** Finds a listed segment by number. */
  public SegmentEntry segment(long sequenceNumber) {
    if (segments.isEmpty()) {
      return null;
    }
    long index = sequenceNumber - mediaSequence();
    return index < 0 || index >= segments.size() ? null : segments.get((int) index);
  }
}
