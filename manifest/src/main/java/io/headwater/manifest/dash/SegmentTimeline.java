package io.headwater.manifest.dash;

import io.headwater.packager.timeline.TrackSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A {@code SegmentTimeline} (ISO/IEC 23009-1 5.3.9.6): the exact start and duration of every listed
 * segment of one representation, run-length encoded as {@code S} elements.
 *
 * @param entries the S elements in order; the first one carries {@code t}
 */
public record SegmentTimeline(List<S> entries) {
  public SegmentTimeline {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("SegmentTimeline needs at least one S");
    }
    if (entries.get(0).t().isEmpty()) {
      throw new IllegalArgumentException("the first S needs @t");
    }
  }

  /**
   * One {@code S} element (ISO/IEC 23009-1 Table 21): {@code r + 1} consecutive segments of
   * duration {@code d}, the first starting at {@code t} when present, else where the previous S
   * ends.
   *
   * @param t start time in the timescale, when not contiguous with the previous S
   * @param d duration of each segment in the timescale, positive
   * @param r repeat count: how many more segments follow with the same duration (not negative;
   *     the open-ended -1 is never written)
   */
  public record S(OptionalLong t, long d, long r) {
    public S {
      if (d <= 0 || r < 0) {
        throw new IllegalArgumentException("S d=" + d + " r=" + r);
      }
    }
  }

  /**
   * Encodes the segments of one track, in order: a new S starts where the duration changes, and
   * carries {@code t} when the segment does not start where the previous one ended (a gap or an
   * overlap), so that every start time a player derives equals the {@code tfdt} of the segment.
   *
   * @throws IllegalArgumentException if the list is empty or a duration is not positive
   */
  public static SegmentTimeline encode(List<TrackSegment> segments) {
    List<S> out = new ArrayList<>();
    long runStart = 0;
    long runD = 0;
    long runR = -1;
    boolean runHasT = false;
    long expectedStart = 0;
    for (TrackSegment segment : segments) {
      if (segment.durationTicks() <= 0) {
        throw new IllegalArgumentException("track " + segment.trackId() + " segment at "
            + segment.startTicks() + " has duration " + segment.durationTicks());
      }
      boolean contiguous = runR >= 0 && segment.startTicks() == expectedStart;
      if (contiguous && segment.durationTicks() == runD) {
        runR++;
      } else {
        if (runR >= 0) {
          out.add(s(runHasT, runStart, runD, runR));
        }
        runHasT = !contiguous;
        runStart = segment.startTicks();
        runD = segment.durationTicks();
        runR = 0;
      }
      expectedStart = Math.addExact(segment.startTicks(), segment.durationTicks());
    }
    if (runR < 0) {
      throw new IllegalArgumentException("no segments to encode");
    }
    out.add(s(runHasT, runStart, runD, runR));
    return new SegmentTimeline(out);
  }

  private static S s(boolean hasT, long t, long d, long r) {
    return new S(hasT ? OptionalLong.of(t) : OptionalLong.empty(), d, r);
  }

  /** How many segments the timeline lists. */
  public long segmentCount() {
    long count = 0;
    for (S s : entries) {
      count += s.r() + 1;
    }
    return count;
  }

  /** The end time of the last listed segment, in the timescale. */
  public long endTicks() {
    long end = 0;
    for (S s : entries) {
      long start = s.t().isPresent() ? s.t().getAsLong() : end;
      end = start + s.d() * (s.r() + 1);
    }
    return end;
  }
}
