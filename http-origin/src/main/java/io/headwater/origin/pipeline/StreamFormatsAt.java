package io.headwater.origin.pipeline;

import io.headwater.packager.media.TrackFormat;

/**
 * The track formats in force from one segment on (until the next period): what manifests need to
 * describe a period, and what the init segments of that period were written from.
 *
 * @param firstSequenceNumber the first segment of the period
 * @param video the video format, or null for an audio-only period
 * @param audio the audio format, or null for a video-only period
 */
public record StreamFormatsAt(long firstSequenceNumber, TrackFormat video, TrackFormat audio) {
  public StreamFormatsAt {
    if (video == null && audio == null) {
      throw new IllegalArgumentException("a period needs at least one track");
    }
  }
}
