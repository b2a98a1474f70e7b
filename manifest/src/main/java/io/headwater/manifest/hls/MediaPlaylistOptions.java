package io.headwater.manifest.hls;

/**
 * How a media playlist is written: MPEG-TS playlists use version 3 and no map; CMAF playlists use
 * version 7 and an EXT-X-MAP URI.
 *
 * @param version EXT-X-VERSION; at least 3, because EXTINF durations are decimals (RFC 8216 7),
 *     and at least 6 when a map is given (RFC 8216 7: EXT-X-MAP outside I-frame playlists)
 * @param mapUriOrNull the EXT-X-MAP URI (the init segment), relative; null for MPEG-TS
 * @param independentSegments whether to write EXT-X-INDEPENDENT-SEGMENTS (RFC 8216 4.3.5.1); every
 *     listed segment must then start with a keyframe
 */
public record MediaPlaylistOptions(int version, String mapUriOrNull, boolean independentSegments) {
  public MediaPlaylistOptions {
    if (version < 3) {
      throw new IllegalArgumentException("EXT-X-VERSION " + version
          + " < 3 cannot carry decimal EXTINF durations (RFC 8216 7)");
    }
    if (mapUriOrNull != null) {
      HlsValues.checkQuotedUri("EXT-X-MAP URI", mapUriOrNull);
      if (version < 6) {
        throw new IllegalArgumentException("EXT-X-MAP needs EXT-X-VERSION >= 6 (RFC 8216 7), got "
            + version);
      }
    }
  }

  /** MPEG-TS segments: version 3, no map, EXT-X-INDEPENDENT-SEGMENTS. */
  public static MediaPlaylistOptions mpegTs() {
    return new MediaPlaylistOptions(3, null, true);
  }

  /** CMAF segments with the given init segment: version 7, EXT-X-INDEPENDENT-SEGMENTS. */
  public static MediaPlaylistOptions cmaf(String mapUri) {
    return new MediaPlaylistOptions(7, mapUri, true);
  }
}
