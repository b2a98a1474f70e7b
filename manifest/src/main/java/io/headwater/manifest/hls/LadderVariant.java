package io.headwater.manifest.hls;

import java.util.Objects;

/**
 * One video rendition of a multivariant playlist that lists several (an ABR ladder): the figures
 * of its stream and where its media playlists are, relative to the multivariant playlist.
 *
 * @param stream the rendition's formats and measured bitrates; only the first variant's audio is
 *     used (the ladder's shared audio rendition)
 * @param videoUri the rendition's video media playlist, e.g. {@code ../cam1_720/v.m3u8}
 * @param audioUri the rendition's audio media playlist, or null when it has no audio or its audio
 *     is muxed into the video segments (MPEG-TS)
 */
public record LadderVariant(MultivariantStream stream, String videoUri, String audioUri) {
  public LadderVariant {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(videoUri, "videoUri");
    if (stream.videoOrNull() == null) {
      throw new IllegalArgumentException("a ladder variant needs video: " + videoUri);
    }
  }
}
