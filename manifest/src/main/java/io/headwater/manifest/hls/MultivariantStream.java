package io.headwater.manifest.hls;

import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;

/**
 * What the multivariant playlist describes: the current formats of a stream's CMAF renditions and
 * their measured bitrates. Bitrates of 0 mean "not measured yet" and are replaced by the
 * estimates of {@link MultivariantBandwidth}.
 *
 * @param videoOrNull the video format, or null for an audio-only stream
 * @param audioOrNull the audio format, or null for a video-only stream
 * @param videoPeakBitsPerSecond the highest segment bitrate of the video track seen so far
 * @param videoAverageBitsPerSecond the average bitrate of the video track
 * @param audioPeakBitsPerSecond the highest segment bitrate of the audio track
 * @param audioAverageBitsPerSecond the average bitrate of the audio track
 * @param frameRateMilli measured frames per 1000 s (29970 for NTSC); 0 falls back to the SPS VUI
 *     rate, and FRAME-RATE is left out when neither is known
 */
public record MultivariantStream(
    TrackFormat videoOrNull,
    TrackFormat audioOrNull,
    long videoPeakBitsPerSecond,
    long videoAverageBitsPerSecond,
    long audioPeakBitsPerSecond,
    long audioAverageBitsPerSecond,
    int frameRateMilli) {
  public MultivariantStream {
    if (videoOrNull == null && audioOrNull == null) {
      throw new IllegalArgumentException("a stream needs a video or an audio track");
    }
    if (videoOrNull != null && videoOrNull.type() != TrackType.VIDEO) {
      throw new IllegalArgumentException("video format is " + videoOrNull.codec());
    }
    if (audioOrNull != null && audioOrNull.type() != TrackType.AUDIO) {
      throw new IllegalArgumentException("audio format is " + audioOrNull.codec());
    }
    if (videoPeakBitsPerSecond < 0 || videoAverageBitsPerSecond < 0
        || audioPeakBitsPerSecond < 0 || audioAverageBitsPerSecond < 0 || frameRateMilli < 0) {
      throw new IllegalArgumentException("negative bitrate or frame rate");
    }
  }
}
