package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.Objects;

/**
 * A {@code SegmentTemplate} with an explicit {@link SegmentTimeline} and {@code $Number$}
 * addressing (ISO/IEC 23009-1 5.3.9.4; DASH-IF timing model "explicit addressing").
 *
 * @param timescale ticks per second of {@code presentationTimeOffset} and the timeline
 * @param initialization URL of the initialization segment, relative to the MPD
 * @param media URL template of the media segments, containing {@code $Number$}
 * @param startNumber the number of the first segment the timeline lists
 * @param presentationTimeOffset the media time that maps to the start of the Period
 * @param segmentTimeline the listed segments
 * @param availabilityTimeOffset SegmentTemplate@availabilityTimeOffset (23009-1 5.3.9.2), or
 *     null to omit it (0)
 * @param availabilityTimeComplete SegmentTemplate@availabilityTimeComplete: false when segments
 *     are delivered chunk by chunk while written (DASH-IF low-latency), or null to omit it
 */
public record SegmentTemplate(
    long timescale,
    String initialization,
    String media,
    long startNumber,
    long presentationTimeOffset,
    SegmentTimeline segmentTimeline,
    Duration availabilityTimeOffset,
    Boolean availabilityTimeComplete) {
  /** A template of complete segments: no availabilityTimeOffset or availabilityTimeComplete. */
  public SegmentTemplate(long timescale, String initialization, String media, long startNumber,
      long presentationTimeOffset, SegmentTimeline segmentTimeline) {
    this(timescale, initialization, media, startNumber, presentationTimeOffset, segmentTimeline,
        null, null);
  }

  public SegmentTemplate {
    if (availabilityTimeOffset != null && availabilityTimeOffset.isNegative()) {
      throw new IllegalArgumentException("availabilityTimeOffset " + availabilityTimeOffset);
    }
    Objects.requireNonNull(initialization, "initialization");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(segmentTimeline, "segmentTimeline");
    if (timescale <= 0 || startNumber < 0 || presentationTimeOffset < 0) {
      throw new IllegalArgumentException("SegmentTemplate timescale=" + timescale
          + " startNumber=" + startNumber + " presentationTimeOffset=" + presentationTimeOffset);
    }
    if (!media.contains("$Number$")) {
      throw new IllegalArgumentException("media template '" + media + "' lacks $Number$");
    }
  }
}
