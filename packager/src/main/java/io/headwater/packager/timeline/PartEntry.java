package io.headwater.packager.timeline;

/**
 * One LL-HLS partial segment of one CMAF track: a CMAF chunk (moof + mdat) that is published as
 * soon as its samples are complete, before its parent segment ends (RFC 8216bis 4.4.4.9).
 *
 * @param trackId the track
 * @param segmentSequence the media sequence number of the parent segment
 * @param partIndex the part's index within its parent segment, from 0
 * @param startTicks decode time of its first sample, in the track's timescale
 * @param durationTicks its duration, in the track's timescale
 * @param timescale the track's timescale
 * @param independent whether it starts with a keyframe (INDEPENDENT=YES)
 * @param sizeBytes size of the chunk
 */
public record PartEntry(int trackId, long segmentSequence, int partIndex, long startTicks,
    long durationTicks, int timescale, boolean independent, long sizeBytes) {
  public PartEntry {
    if (partIndex < 0 || durationTicks <= 0 || timescale <= 0) {
      throw new IllegalArgumentException("part " + segmentSequence + "." + partIndex
          + " duration " + durationTicks + "/" + timescale);
    }
  }

  /** The end of the part, in the track's timescale. */
  public long endTicks() {
    return startTicks + durationTicks;
  }
}
