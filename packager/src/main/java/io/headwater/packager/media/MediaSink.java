package io.headwater.packager.media;

import io.headwater.packager.io.MalformedMediaException;

/**
 * Receives the demuxed media of one published stream, in decode order per track, on the
 * publisher's thread. Implemented by the stream pipeline; called by the FLV demux.
 */
public interface MediaSink {
  /**
   * Announces which tracks the publisher declared (from onMetaData), so the pipeline knows
   * which formats to wait for before it writes the first segment. May never be called.
   */
  default void onDeclaredTracks(boolean hasVideo, boolean hasAudio) {}

  /** A track's format, before its first sample, and again whenever it changes. */
  void onFormat(TrackFormat format);

  /**
   * The next sample of a track whose format has been given.
   *
   * @throws MalformedMediaException when the sample's payload cannot be packaged (for example
   *     inconsistent NAL unit lengths); the publisher's connection ends, media accepted before
   *     stays
   */
  void onSample(Sample sample) throws MalformedMediaException;

  /**
   * The timestamps of the following samples do not continue the previous ones (a jump that the
   * demux could not smooth); the next segment starts a new timing sequence.
   */
  default void onDiscontinuity() {}
}
