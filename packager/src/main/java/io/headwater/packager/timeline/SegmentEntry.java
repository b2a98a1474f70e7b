package io.headwater.packager.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished, stored segment as manifests see it. Times are on the stream's unwrapped 90 kHz
 * timeline; the segment's media of every format (TS, CMAF tracks) shares these boundaries.
 *
 * @param sequenceNumber the media sequence number; increases by one per segment, never reused
 *     within one stream epoch
 * @param start90k decode time of the segment's first video sample (first audio sample when the
 *     stream has no video)
 * @param duration90k time to the next segment's start (or to the end of the last sample)
 * @param programDateTime the wall-clock time of {@code start90k}
 * @param discontinuity whether a timing break (publisher reconnect, timestamp jump) precedes it
 * @param independent whether it starts with a keyframe
 * @param tsSizeBytes size of the MPEG-TS rendition of this segment
 * @param tracks the per-track CMAF segments (empty when only TS is produced)
 */
public record SegmentEntry(
    long sequenceNumber,
    long start90k,
    long duration90k,
    Instant programDateTime,
    boolean discontinuity,
    boolean independent,
    long tsSizeBytes,
    List<TrackSegment> tracks) {
  public SegmentEntry {
    Objects.requireNonNull(programDateTime, "programDateTime");
    tracks = List.copyOf(tracks);
    if (duration90k <= 0) {
      throw new IllegalArgumentException("segment " + sequenceNumber + " duration " + duration90k);
    }
  }

  /** The CMAF segment of track {@code trackId}, or null. */
  public TrackSegment track(int trackId) {
    for (TrackSegment t : tracks) {
      if (t.trackId() == trackId) {
        return t;
      }
    }
    return null;
  }

  public double durationSeconds() {
    return duration90k / 90_000.0;
  }
}
