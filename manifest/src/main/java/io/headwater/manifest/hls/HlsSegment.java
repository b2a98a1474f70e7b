package io.headwater.manifest.hls;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One media segment's lines in a media playlist (RFC 8216 4.3.2): optional EXT-X-DISCONTINUITY,
 * optional EXT-X-MAP, EXT-X-PROGRAM-DATE-TIME, EXTINF and the URI.
 *
 * @param uri the segment's relative URI
 * @param durationTicks the segment's duration (EXTINF) in {@code timescale} ticks: 90 kHz for the
 *     segment, or a CMAF track's own timescale and span, which its parts add up to exactly
 * @param timescale ticks per second of {@code durationTicks}
 * @param discontinuity whether EXT-X-DISCONTINUITY precedes it (4.3.2.3)
 * @param programDateTime its EXT-X-PROGRAM-DATE-TIME (4.3.2.6)
 * @param mapUriOrNull an EXT-X-MAP URI that starts applying at this segment (4.3.2.5), or null
 * @param parts its LL-HLS parts, written after its other tags and before EXTINF (bis 4.4.4.9)
 */
record HlsSegment(
    String uri,
    long durationTicks,
    int timescale,
    boolean discontinuity,
    Instant programDateTime,
    String mapUriOrNull,
    List<LowLatencyPlaylist.HlsPart> parts) {
  HlsSegment {
    parts = List.copyOf(parts);
    if (timescale <= 0) {
      throw new IllegalArgumentException("segment " + uri + " timescale " + timescale);
    }
    HlsValues.checkUriLine("segment URI", uri);
    Objects.requireNonNull(programDateTime, "programDateTime");
    if (mapUriOrNull != null) {
      HlsValues.checkQuotedUri("EXT-X-MAP URI", mapUriOrNull);
    }
  }

  /**
   * RFC 8216 4.3.3.1: the EXTINF duration, rounded to the nearest integer, MUST be <= the target
   * duration. A longer segment is a bug upstream; the target is never grown to fit.
   *
   * @throws IllegalStateException when the rule is broken
   */
  void validate(int targetDurationSeconds) {
    BigDecimal seconds = HlsValues.seconds(durationTicks, timescale);
    if (HlsValues.roundedSeconds(seconds) > targetDurationSeconds) {
      throw new IllegalStateException("segment " + uri + " EXTINF " + seconds.toPlainString()
          + " s rounds above EXT-X-TARGETDURATION " + targetDurationSeconds
          + " (RFC 8216 4.3.3.1)");
    }
  }

  void appendTo(StringBuilder out) {
    if (discontinuity) {
      out.append("#EXT-X-DISCONTINUITY\n");
    }
    if (mapUriOrNull != null) {
      out.append("#EXT-X-MAP:URI=\"").append(mapUriOrNull).append("\"\n");
    }
    out.append("#EXT-X-PROGRAM-DATE-TIME:").append(HlsValues.dateTime(programDateTime))
        .append('\n');
    for (LowLatencyPlaylist.HlsPart part : parts) {
      appendPart(out, part);
    }
    out.append("#EXTINF:").append(HlsValues.seconds(durationTicks, timescale).toPlainString())
        .append(",\n");
    out.append(uri).append('\n');
  }

  /** EXT-X-PART (bis 4.4.4.9). */
  static void appendPart(StringBuilder out, LowLatencyPlaylist.HlsPart part) {
    out.append("#EXT-X-PART:DURATION=")
        .append(HlsValues.seconds(part.durationTicks(), part.timescale()).toPlainString())
        .append(",URI=\"").append(part.uri()).append('"');
    if (part.independent()) {
      out.append(",INDEPENDENT=YES");
    }
    out.append('\n');
  }
}
