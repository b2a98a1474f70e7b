package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.Objects;

/**
 * The low-latency DASH signalling of a live MPD (DASH-IF IOP "Low-latency Modes for DASH",
 * 9.X.4): segments are delivered chunk by chunk while they are written, so each one becomes
 * available {@code availabilityTimeOffset} before its end ({@code availabilityTimeComplete=
 * "false"} on the SegmentTemplate), and the segment being written is announced in the
 * SegmentTimeline as soon as its first chunk exists.
 *
 * @param availabilityTimeOffset SegmentTemplate@availabilityTimeOffset: the segment duration
 *     minus the chunk duration, so a segment is available once its first chunk is
 * @param serviceDescription the latency target and playback-rate bounds
 * @param announceOpenSegment whether the segment being written follows the last listed one in
 *     the same Period, and is listed with the duration of the segment before it (the duration it
 *     will have when the encoder keeps its keyframe interval; the next MPD gives the real one)
 */
public record LowLatencyDash(Duration availabilityTimeOffset,
    ServiceDescription serviceDescription, boolean announceOpenSegment) {
  public LowLatencyDash {
    Objects.requireNonNull(availabilityTimeOffset, "availabilityTimeOffset");
    Objects.requireNonNull(serviceDescription, "serviceDescription");
    if (availabilityTimeOffset.isNegative()) {
      throw new IllegalArgumentException("availabilityTimeOffset " + availabilityTimeOffset);
    }
  }
}
