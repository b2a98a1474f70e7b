package io.headwater.origin.pipeline;

import io.headwater.manifest.dash.DashPeriodStarts;
import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The segments a time-shifted stream's live playlists list: those that end within the DVR window
 * of the newest segment (every one for whole-event DVR), never fewer than the live window, and
 * only those that can be served, from memory or from the observer's files. Only entries (a few
 * hundred bytes each) are kept here, never media. The front only moves forward, so
 * EXT-X-MEDIA-SEQUENCE never decreases and EXT-X-DISCONTINUITY-SEQUENCE counts every
 * discontinuity that left the list (RFC 8216bis 6.2.2). Confined to the stream's writer.
 */
final class DvrTimeline {
  private final Duration window;
  private final int liveWindowSegments;
  private final ArrayDeque<SegmentEntry> entries = new ArrayDeque<>();
  private long discontinuitySequence;
  private DashPeriodStarts periodStarts = DashPeriodStarts.empty();

  /**
   * @param window the DVR window; zero keeps the whole event
   * @param liveWindowSegments the live playlist's length, the least a listing keeps
   */
  DvrTimeline(Duration window, int liveWindowSegments) {
    this.window = window;
    this.liveWindowSegments = liveWindowSegments;
  }

  void append(SegmentEntry entry) {
    entries.addLast(entry);
  }

  /** The oldest listed segment's number, or {@link Long#MAX_VALUE} before the first. */
  long oldestListed() {
    return entries.isEmpty() ? Long.MAX_VALUE : entries.peekFirst().sequenceNumber();
  }

  /**
   * Drops what left the window or can no longer be served, and returns the listing.
   *
   * @param live the live timeline's snapshot (its segments are always listed)
   * @param oldestInMemory the oldest segment whose bytes memory still holds
   * @param storedThrough every segment up to this one is on disk
   */
  TimeShift listing(TimelineSnapshot live, long oldestInMemory, long storedThrough) {
    SegmentEntry last = entries.peekLast();
    if (last != null && !window.isZero()) {
      long end90k = last.start90k() + last.duration90k();
      long window90k = window.toMillis() * 90;
      while (entries.size() > liveWindowSegments) {
        SegmentEntry first = entries.peekFirst();
        if (end90k - (first.start90k() + first.duration90k()) < window90k) {
          break;
        }
        drop();
      }
    }
    if (storedThrough < oldestInMemory - 1) {
      // A hole between what the disk holds and what memory holds (a recording that stopped;
      // memory keeps what a lagging one has yet to write): list only from memory on, so that
      // every listed segment can be served.
      while (entries.size() > 1 && entries.peekFirst().sequenceNumber() < oldestInMemory) {
        drop();
      }
    }
    TimelineSnapshot listed = new TimelineSnapshot(live.epoch(), live.targetDurationSeconds(),
        List.copyOf(entries), discontinuitySequence, live.ended(), live.updated(),
        live.version());
    periodStarts = periodStarts.advance(listed);
    return new TimeShift(listed, periodStarts, depth(listed), window.isZero());
  }

  private void drop() {
    SegmentEntry gone = entries.removeFirst();
    if (gone.discontinuity()) {
      discontinuitySequence++;
    }
  }

  /**
   * timeShiftBufferDepth: the window, or for a whole event what it has lasted so far; never less
   * than the live window.
   */
  private Duration depth(TimelineSnapshot listed) {
    Duration live = Duration.ofSeconds(Math.max(1, listed.targetDurationSeconds()))
        .multipliedBy(liveWindowSegments);
    Duration depth = window;
    if (window.isZero() && !listed.segments().isEmpty()) {
      SegmentEntry first = listed.segments().get(0);
      SegmentEntry last = listed.lastSegment();
      depth = Duration.ofMillis((last.start90k() + last.duration90k() - first.start90k()) / 90);
    }
    return depth.compareTo(live) > 0 ? depth : live;
  }
}
