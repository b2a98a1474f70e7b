package io.headwater.manifest.dash;

import io.headwater.packager.media.TrackFormat;
import io.headwater.packager.media.TrackType;

/**
 * The track formats in force at one segment of a stream.
 *
 * @param videoOrNull the video format, or null when the stream has no video there
 * @param audioOrNull the audio format, or null when the stream has no audio there
 */
public record StreamFormats(TrackFormat videoOrNull, TrackFormat audioOrNull) {
  public StreamFormats {
    if (videoOrNull != null && videoOrNull.type() != TrackType.VIDEO) {
      throw new IllegalArgumentException("video format is " + videoOrNull.codec());
    }
    if (audioOrNull != null && audioOrNull.type() != TrackType.AUDIO) {
      throw new IllegalArgumentException("audio format is " + audioOrNull.codec());
    }
  }
}
