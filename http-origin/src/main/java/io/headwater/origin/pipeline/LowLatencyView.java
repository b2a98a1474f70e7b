package io.headwater.origin.pipeline;

import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.timeline.PartEntry;
import java.util.List;

/**
 * The LL-HLS state of a stream view: the part target and the parts still listed (those of the
 * last few complete segments and of the open one), oldest first, both tracks.
 *
 * @param partTargetMicros EXT-X-PART-INF:PART-TARGET in microseconds; 0 when low latency is off
 * @param parts the listed parts
 * @param openSegment the segment being written, or null
 * @param audioPartTargetMicros the audio playlist's PART-TARGET (whole AAC frames), in
 *     microseconds; 0 when low latency is off or there is no audio
 * @param publishing whether a publisher feeds the stream, so that parts after the listed ones
 *     will come; false while the stream waits for its publisher to come back (the reconnect
 *     grace), when the next part, if any, comes after a discontinuity, perhaps with another
 *     initialization segment: nothing is preload-hinted then (bis 6.2.6)
 */
public record LowLatencyView(long partTargetMicros, List<PartEntry> parts,
    OpenSegment openSegment, long audioPartTargetMicros, boolean publishing) {
  /**
   * The segment being written.
   *
   * @param sequenceNumber its media sequence number
   * @param discontinuity whether it follows a timing break
   * @param programDateTime its wall-clock start
   * @param start90k the decode time of its first sample (the program date time's instant), on
   *     the stream's 90 kHz timeline
   * @param partsComplete whether its last parts are listed: the segment has ended and the next
   *     view lists it complete, so the part after them is the next segment's first
   */
  public record OpenSegment(long sequenceNumber, boolean discontinuity,
      java.time.Instant programDateTime, long start90k, boolean partsComplete) {}

  public LowLatencyView {
    parts = List.copyOf(parts);
  }

  /** The view of a stream whose publisher is attached. */
  public LowLatencyView(long partTargetMicros, List<PartEntry> parts, OpenSegment openSegment,
      long audioPartTargetMicros) {
    this(partTargetMicros, parts, openSegment, audioPartTargetMicros, /* publishing= */ true);
  }

  public boolean enabled() {
    return partTargetMicros > 0;
  }

  /** The PART-TARGET of one track's playlist (each media playlist has its own, bis 4.4.3.7). */
  public long partTargetMicros(int trackId) {
    return trackId == TrackFormat.AUDIO_TRACK_ID
        && audioPartTargetMicros > 0 ? audioPartTargetMicros : partTargetMicros;
  }

  /** The listed parts of one track. */
  public List<PartEntry> parts(int trackId) {
    return parts.stream().filter(p -> p.trackId() == trackId).toList();
  }
}
