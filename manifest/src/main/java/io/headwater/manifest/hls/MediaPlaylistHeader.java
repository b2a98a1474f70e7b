package io.headwater.manifest.hls;

/**
 * The tags of a media playlist before its first segment (RFC 8216 4.3.1, 4.3.3, 4.3.5).
 *
 * @param version EXT-X-VERSION (4.3.1.2)
 * @param targetDurationSeconds EXT-X-TARGETDURATION (4.3.3.1)
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE (4.3.3.2)
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE (4.3.3.3)
 * @param writeDiscontinuitySequence whether the EXT-X-DISCONTINUITY-SEQUENCE tag is written
 * @param independentSegments whether EXT-X-INDEPENDENT-SEGMENTS is written (4.3.5.1)
 */
record MediaPlaylistHeader(
    int version,
    int targetDurationSeconds,
    long mediaSequence,
    long discontinuitySequence,
    boolean writeDiscontinuitySequence,
    boolean independentSegments) {

  /** Checks the values against their RFC 8216 ranges. */
  void validate() {
    if (targetDurationSeconds <= 0) {
      throw new IllegalStateException("EXT-X-TARGETDURATION " + targetDurationSeconds
          + " is not set or not positive");
    }
    if (mediaSequence < 0 || discontinuitySequence < 0) {
      throw new IllegalStateException("negative sequence: media " + mediaSequence
          + ", discontinuity " + discontinuitySequence);
    }
    if (discontinuitySequence > 0 && !writeDiscontinuitySequence) {
      throw new IllegalStateException("EXT-X-DISCONTINUITY-SEQUENCE " + discontinuitySequence
          + " must be written when it is not 0 (RFC 8216 4.3.3.3)");
    }
  }

  void appendTo(StringBuilder out) {
    out.append("#EXTM3U\n");
    out.append("#EXT-X-VERSION:").append(version).append('\n');
    out.append("#EXT-X-TARGETDURATION:").append(targetDurationSeconds).append('\n');
    out.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
    if (writeDiscontinuitySequence) {
      // RFC 8216 4.3.3.3: before the first segment and before any EXT-X-DISCONTINUITY
      out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
    }
    if (independentSegments) {
      out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
  }
}
