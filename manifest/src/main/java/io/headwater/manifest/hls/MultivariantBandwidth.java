package io.headwater.manifest.hls;

import io.headwater.packager.media.AacConfig;
import io.headwater.packager.media.AvcConfig;
import io.headwater.packager.media.TrackFormat;

/**
 * Bitrates that manifests announce for a track: the measured value when there is one, else a
 * conservative (high) estimate from the format, because RFC 8216 4.3.4.2 requires BANDWIDTH to be
 * an upper bound and DASH Representation@bandwidth must not be 0. Players pick renditions and size
 * buffers from these numbers; overstating costs little, understating causes stalls.
 *
 * <p>The estimates: H.264 at 0.15 bits per pixel per frame (about 1 Mbit/s for 640x360 at 30
 * fps, 9.3 Mbit/s for 1080p30; encoders pushing live streams rarely exceed that), at least 500
 * kbit/s, assuming 30 fps when the SPS carries no timing; AAC at 96 kbit/s per channel (192 kbit/s
 * stereo, above the common 128-160 kbit/s encoder settings), two channels when unknown.
 */
public final class MultivariantBandwidth {
  static final long MIN_VIDEO_BITS_PER_SECOND = 500_000;
  static final long AUDIO_BITS_PER_SECOND_PER_CHANNEL = 96_000;
  private static final long DEFAULT_FRAME_RATE_MILLI = 30_000;

  private MultivariantBandwidth() {}

  /** {@code measuredBitsPerSecond} when positive, else {@link #estimateBitsPerSecond}. */
  public static long orEstimate(long measuredBitsPerSecond, TrackFormat format) {
    return measuredBitsPerSecond > 0 ? measuredBitsPerSecond : estimateBitsPerSecond(format);
  }

  /** The conservative estimate for a track whose bitrate has not been measured yet. */
  public static long estimateBitsPerSecond(TrackFormat format) {
    if (format.config() instanceof AvcConfig avc) {
      long frameRateMilli = avc.frameRateMilli() > 0 ? avc.frameRateMilli()
          : DEFAULT_FRAME_RATE_MILLI;
      long pixelsPerSecondMilli = (long) avc.width() * avc.height() * frameRateMilli;
      // 0.15 bits per pixel = 3/20; divide out the milli of the frame rate.
      long estimate = pixelsPerSecondMilli * 3 / 20 / 1000;
      return Math.max(MIN_VIDEO_BITS_PER_SECOND, estimate);
    }
    if (format.config() instanceof AacConfig aac) {
      int channels = aac.channels() > 0 ? aac.channels() : 2;
      return AUDIO_BITS_PER_SECOND_PER_CHANNEL * channels;
    }
    throw new IllegalArgumentException("no bitrate estimate for " + format.codec());
  }
}
