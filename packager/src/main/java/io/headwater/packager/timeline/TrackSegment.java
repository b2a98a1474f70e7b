package io.headwater.packager.timeline;

/**
 * One track's share of a segment in the CMAF packaging, where video and audio are separate CMAF
 * tracks: its own decode-time span in its own timescale, so that DASH SegmentTimeline and
 * {@code tfdt} agree exactly.
 *
 * @param trackId the track (TrackFormat.trackId)
 * @param startTicks decode time of the first sample, in the track's timescale ({@code tfdt})
 * @param durationTicks sum of the sample durations, in the track's timescale
 * @param timescale the track's timescale
 * @param sizeBytes size of the CMAF media segment (styp+moof+mdat) of this track
 */
public record TrackSegment(
    int trackId, long startTicks, long durationTicks, int timescale, long sizeBytes) {
  public TrackSegment {
    if (durationTicks < 0 || timescale <= 0) {
      throw new IllegalArgumentException("track " + trackId + " duration " + durationTicks
          + " timescale " + timescale);
    }
  }
}
