package io.headwater.manifest.dash;

import java.util.Objects;

/**
 * A {@code Representation} (ISO/IEC 23009-1 5.3.5): one encoded version of a track.
 *
 * @param id the Representation@id, unique in the Period
 * @param codecs the RFC 6381 codec string
 * @param bandwidthBitsPerSecond Representation@bandwidth, positive
 * @param width video width in pixels, or 0 for audio
 * @param height video height in pixels, or 0 for audio
 * @param frameRate video frame rate as a FrameRateType ("30", "30000/1001"), or null
 * @param audioSamplingRate audio sampling rate in Hz, or 0 for video
 * @param baseUrl the Representation's BaseURL (5.6), relative to the MPD, or null: set when its
 *     segments live under another path than the MPD's, e.g. {@code ../cam1_720/} in an ABR group
 * @param segmentTemplate the Representation's own addressing, or null to use the AdaptationSet's
 *     (renditions of a group come from different streams, with their own names and numbers)
 */
public record Representation(
    String id,
    String codecs,
    long bandwidthBitsPerSecond,
    int width,
    int height,
    String frameRate,
    int audioSamplingRate,
    String baseUrl,
    SegmentTemplate segmentTemplate) {
  public Representation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(codecs, "codecs");
    if (bandwidthBitsPerSecond <= 0) {
      throw new IllegalArgumentException("Representation " + id + " bandwidth "
          + bandwidthBitsPerSecond);
    }
    if (width < 0 || height < 0 || audioSamplingRate < 0) {
      throw new IllegalArgumentException("Representation " + id + " size or sampling rate");
    }
  }

  /** A Representation addressed by its AdaptationSet's template, under the MPD's own URL. */
  public Representation(String id, String codecs, long bandwidthBitsPerSecond, int width,
      int height, String frameRate, int audioSamplingRate) {
    this(id, codecs, bandwidthBitsPerSecond, width, height, frameRate, audioSamplingRate, null,
        null);
  }

  /** This Representation under {@code baseUrl} with its own {@code segmentTemplate}. */
  public Representation addressed(String baseUrl, SegmentTemplate segmentTemplate) {
    return new Representation(id, codecs, bandwidthBitsPerSecond, width, height, frameRate,
        audioSamplingRate, baseUrl, segmentTemplate);
  }
}
