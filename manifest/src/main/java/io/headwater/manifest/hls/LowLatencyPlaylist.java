package io.headwater.manifest.hls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The LL-HLS additions to one media playlist (draft-pantos-hls-rfc8216bis: EXT-X-SERVER-CONTROL
 * 4.4.3.8, EXT-X-PART-INF 4.4.3.7, EXT-X-PART 4.4.4.9, EXT-X-SKIP 4.4.5.2, EXT-X-PRELOAD-HINT
 * 4.4.5.3, EXT-X-RENDITION-REPORT 4.4.5.4).
 *
 * @param partTargetMicros PART-TARGET, in microseconds
 * @param parts the listed parts, oldest first; those of segments after the last listed segment
 *     belong to the open segment
 * @param openSegment the segment being written, whose parts follow the last segment, or null
 * @param preloadHintUri the URI of the next part (TYPE=PART), or null (never with EXT-X-ENDLIST)
 * @param renditionReports the other renditions' latest segment and part
 * @param canSkipUntil CAN-SKIP-UNTIL, or null when delta updates are not offered
 * @param skippedSegments how many of the oldest segments EXT-X-SKIP replaces (0: a full playlist)
 */
public record LowLatencyPlaylist(
    long partTargetMicros,
    List<HlsPart> parts,
    OpenSegment openSegment,
    String preloadHintUri,
    List<RenditionReport> renditionReports,
    Duration canSkipUntil,
    int skippedSegments) {
  public LowLatencyPlaylist {
    if (partTargetMicros <= 0) {
      throw new IllegalArgumentException("PART-TARGET must be positive, was " + partTargetMicros);
    }
    parts = List.copyOf(parts);
    renditionReports = List.copyOf(renditionReports);
    if (preloadHintUri != null) {
      HlsValues.checkQuotedUri("EXT-X-PRELOAD-HINT URI", preloadHintUri);
    }
    if (skippedSegments < 0 || (skippedSegments > 0 && canSkipUntil == null)) {
      throw new IllegalArgumentException("EXT-X-SKIP of " + skippedSegments
          + " segments needs CAN-SKIP-UNTIL");
    }
  }

  /**
   * One partial segment.
   *
   * @param segmentSequence the parent segment's media sequence number
   * @param partIndex the index within the parent segment
   * @param uri the part's relative URI
   * @param durationTicks its duration in {@code timescale} ticks
   * @param timescale ticks per second
   * @param independent whether it starts with a keyframe (INDEPENDENT=YES)
   */
  public record HlsPart(long segmentSequence, int partIndex, String uri, long durationTicks,
      int timescale, boolean independent) {
    public HlsPart {
      HlsValues.checkQuotedUri("EXT-X-PART URI", uri);
      if (durationTicks <= 0 || timescale <= 0) {
        throw new IllegalArgumentException("part " + uri + " duration " + durationTicks);
      }
    }
  }

  /**
   * The segment being written: the tags that must precede its first part (bis 4.4.4.9).
   *
   * @param sequenceNumber its media sequence number
   * @param discontinuity whether it follows a timing break
   * @param programDateTime its wall-clock start
   * @param mapUri its init segment
   */
  public record OpenSegment(long sequenceNumber, boolean discontinuity, Instant programDateTime,
      String mapUri) {
    public OpenSegment {
      Objects.requireNonNull(programDateTime, "programDateTime");
      if (mapUri != null) {
        HlsValues.checkQuotedUri("EXT-X-MAP URI", mapUri);
      }
    }
  }

  /**
   * EXT-X-RENDITION-REPORT of another rendition.
   *
   * @param uri the rendition's playlist URI, relative
   * @param lastMsn its last media sequence number with a part or segment
   * @param lastPart the last part index of {@code lastMsn}, or -1 when not known
   */
  public record RenditionReport(String uri, long lastMsn, int lastPart) {
    public RenditionReport {
      HlsValues.checkQuotedUri("EXT-X-RENDITION-REPORT URI", uri);
    }
  }

  /** PART-HOLD-BACK: three part targets (bis 4.4.3.8 requires at least two, recommends three). */
  public long partHoldBackMicros() {
    return 3 * partTargetMicros;
  }
}
