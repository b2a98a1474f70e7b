package io.headwater.manifest.dash;

import io.headwater.packager.timeline.TimelineSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Everything {@link MpdBuilder} needs to describe one stream.
 *
 * @param snapshot the stream's current window of segments
 * @param availabilityStartTime the wall-clock anchor of the stream; the same for its lifetime
 * @param availabilityStartTime90k the stream timeline's 90 kHz time at {@code
 *     availabilityStartTime} (the first segment's start)
 * @param formatsAtSegment the formats in force at a segment sequence number, never null
 * @param bitrateByTrack measured bits per second by track id; missing or 0 means not yet measured
 * @param options the live-service settings
 * @param periodStarts where earlier Periods began (see {@link DashPeriodStarts}); without it the
 *     first listed segment starts the first Period, which is right only until the window slides
 */
public record DashInput(
    TimelineSnapshot snapshot,
    Instant availabilityStartTime,
    long availabilityStartTime90k,
    LongFunction<StreamFormats> formatsAtSegment,
    Map<Integer, Long> bitrateByTrack,
    DashOptions options,
    DashPeriodStarts periodStarts) {
  public DashInput {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(availabilityStartTime, "availabilityStartTime");
    Objects.requireNonNull(formatsAtSegment, "formatsAtSegment");
    Objects.requireNonNull(options, "options");
    bitrateByTrack = Map.copyOf(bitrateByTrack);
    periodStarts = periodStarts == null ? DashPeriodStarts.empty() : periodStarts;
  }

  /** An input without Period history: the first listed segment starts the first Period. */
  public DashInput(
      TimelineSnapshot snapshot,
      Instant availabilityStartTime,
      long availabilityStartTime90k,
      LongFunction<StreamFormats> formatsAtSegment,
      Map<Integer, Long> bitrateByTrack,
      DashOptions options) {
    this(snapshot, availabilityStartTime, availabilityStartTime90k, formatsAtSegment,
        bitrateByTrack, options, DashPeriodStarts.empty());
  }
}
