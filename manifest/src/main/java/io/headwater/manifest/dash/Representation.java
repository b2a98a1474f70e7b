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
 */
public record Representation(
    String id,
    String codecs,
    long bandwidthBitsPerSecond,
    int width,
    int height,
    String frameRate,
    int audioSamplingRate) {
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
}
