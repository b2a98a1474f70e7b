package io.headwater.packager.segment;

/**
 * How a stream is cut into segments.
 *
 * @param targetDuration90k the configured segment length on the 90 kHz clock; segments are cut
 *     at the first video keyframe at or after it
 * @param hasVideo whether the stream has a video track (then only video keyframes cut segments)
 */
public record SegmentPolicy(long targetDuration90k, boolean hasVideo) {
  public SegmentPolicy {
    if (targetDuration90k <= 0) {
      throw new IllegalArgumentException("target duration " + targetDuration90k + " (90 kHz)");
    }
  }
}
