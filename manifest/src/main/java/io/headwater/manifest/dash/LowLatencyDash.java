package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.Objects;

/**
 * The low-latency DASH signalling of a live MPD (DASH-IF IOP "Low-latency Modes for DASH",
 * 9.X.4): segments are delivered chunk by chunk while they are written, so each one becomes
 * available {@code availabilityTimeOffset} before its end ({@code availabilityTimeComplete=
 * "false"} on the SegmentTemplate), and the segment being written and the one after it are
 * announced in the SegmentTimeline.
 *
 * @param availabilityTimeOffset SegmentTemplate@availabilityTimeOffset: the segment duration
 *     minus the chunk duration, so a segment is available once its first chunk is
 * @param serviceDescription the latency target and playback-rate bounds
 * @param announcedSegments how many segments after the last complete one the SegmentTimeline
 *     announces, each as long as the one before it (the duration it will have when the encoder
 *     keeps its keyframe interval; a later MPD gives the real one): 0, 1 (the segment being
 *     written, or the next to be written between two segments) or 2 (the segment being written
 *     and the one after it). Announcing the next segment lets a player request it as soon as
 *     the one before it is complete, the origin holding the request until its first chunk
 *     exists, instead of waiting for an MPD that lists it: dash.js refreshes the MPD at most
 *     once a second, so a segment it learnt of from the MPD alone came up to a second late and
 *     its buffer ran dry at segment boundaries.
 */
public record LowLatencyDash(Duration availabilityTimeOffset,
    ServiceDescription serviceDescription, int announcedSegments) {
  /** The most segments announced after the last complete one. */
  public static final int MAX_ANNOUNCED = 2;

  public LowLatencyDash {
    Objects.requireNonNull(availabilityTimeOffset, "availabilityTimeOffset");
    Objects.requireNonNull(serviceDescription, "serviceDescription");
    if (availabilityTimeOffset.isNegative()) {
      throw new IllegalArgumentException("availabilityTimeOffset " + availabilityTimeOffset);
    }
    if (announcedSegments < 0 || announcedSegments > MAX_ANNOUNCED) {
      throw new IllegalArgumentException("announcedSegments " + announcedSegments);
    }
  }

  /** Announces the segment being written ({@code true}) or nothing after the last complete. */
  public LowLatencyDash(Duration availabilityTimeOffset, ServiceDescription serviceDescription,
      boolean announceOpenSegment) {
    this(availabilityTimeOffset, serviceDescription, announceOpenSegment ? 1 : 0);
  }
}
