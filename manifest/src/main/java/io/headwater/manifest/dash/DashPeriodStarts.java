package io.headwater.manifest.dash;

import io.headwater.packager.timeline.SegmentEntry;
import io.headwater.packager.timeline.TimelineSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembers where the Periods of a live stream began, including the one whose first segment has
 * already scrolled out of the window, so that its Period@id, Period@start, presentationTimeOffset
 * and init segment URL stay the same in every MPD update (DASH-IF timing model: they SHALL NOT
 * change). Immutable: the stream's writer advances it with every snapshot it publishes and keeps
 * the result next to the snapshot.
 *
 * @param starts known Period starts in sequence order, pruned to the one in force at the first
 *     listed segment and later ones
 */
public record DashPeriodStarts(List<PeriodStart> starts) {
  private static final DashPeriodStarts EMPTY = new DashPeriodStarts(List.of());

  /**
   * The first segment of a Period.
   *
   * @param sequenceNumber the segment's sequence number
   * @param start90k the segment's start on the stream's 90 kHz timeline
   */
  public record PeriodStart(long sequenceNumber, long start90k) {}

  public DashPeriodStarts {
    starts = List.copyOf(starts);
    for (int i = 1; i < starts.size(); i++) {
      if (starts.get(i).sequenceNumber() <= starts.get(i - 1).sequenceNumber()) {
        throw new IllegalArgumentException("period starts out of order at " + i);
      }
    }
  }

  /** No Period known yet: the first listed segment is taken as a Period start. */
  public static DashPeriodStarts empty() {
    return EMPTY;
  }

  /**
   * The state after {@code snapshot}: adds its discontinuity segments (and its first segment when
   * nothing is known yet) and forgets starts that no listed segment belongs to any more. Call it
   * with every published snapshot, so that no discontinuity scrolls past unseen.
   */
  public DashPeriodStarts advance(TimelineSnapshot snapshot) {
    List<PeriodStart> next = new ArrayList<>(starts);
    for (SegmentEntry segment : snapshot.segments()) {
      boolean known = !next.isEmpty()
          && next.get(next.size() - 1).sequenceNumber() >= segment.sequenceNumber();
      if (!known && (segment.discontinuity() || next.isEmpty())) {
        next.add(new PeriodStart(segment.sequenceNumber(), segment.start90k()));
      }
    }
    if (snapshot.segments().isEmpty()) {
      return new DashPeriodStarts(next);
    }
    long firstListed = snapshot.mediaSequence();
    int keepFrom = 0;
    for (int i = 0; i < next.size(); i++) {
      if (next.get(i).sequenceNumber() <= firstListed) {
        keepFrom = i;
      }
    }
    return new DashPeriodStarts(next.subList(keepFrom, next.size()));
  }

  /**
   * The start of the Period that {@code segment} belongs to: the segment itself when it starts a
   * discontinuity or no earlier start is known, else the latest known start before it.
   */
  public PeriodStart periodOf(SegmentEntry segment) {
    PeriodStart found = new PeriodStart(segment.sequenceNumber(), segment.start90k());
    if (segment.discontinuity()) {
      return found;
    }
    for (PeriodStart start : starts) {
      if (start.sequenceNumber() <= segment.sequenceNumber()) {
        found = start;
      }
    }
    return found;
  }
}
