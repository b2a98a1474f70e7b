package io.headwater.origin.cluster;

import java.util.List;

/**
 * Turns low-latency manifests into the plain ones origin nodes can serve: parts and segments
 * still being written are not in the object store, so an LL-HLS media playlist loses the tags
 * that name parts or promise blocking reloads (RFC 8216bis 4.4.3.7 EXT-X-PART-INF, 4.4.3.8
 * EXT-X-SERVER-CONTROL, 4.4.4.9 EXT-X-PART, 4.4.5.3 EXT-X-PRELOAD-HINT, 4.4.5.4
 * EXT-X-RENDITION-REPORT, 4.4.5.2 EXT-X-SKIP), and a low-latency MPD its early availability
 * (ISO/IEC 23009-1 5.3.9.2 SegmentTemplate@availabilityTimeOffset/availabilityTimeComplete) and
 * latency targets (Annex K ServiceDescription). What remains lists whole segments only.
 *
 * <p>Ingest nodes store LL-HLS media playlists with their parts ({@link LowLatencyUploads});
 * what is stripped here is the low-latency MPD (origin nodes serve no segment before it is
 * complete), a stored playlist while it would name a part the store lacks, and the playlist of
 * a stream whose ingest node died, which ends (no preload hint after EXT-X-ENDLIST).
 */
final class LowLatencyTags {
  private static final List<String> PART_TAGS = List.of("#EXT-X-PART-INF:",
      "#EXT-X-SERVER-CONTROL:", "#EXT-X-PART:", "#EXT-X-PRELOAD-HINT:",
      "#EXT-X-RENDITION-REPORT:", "#EXT-X-SKIP:");

  private static final java.util.regex.Pattern MPD_EARLY_AVAILABILITY =
      java.util.regex.Pattern.compile(" availabilityTime(Offset|Complete)=\"[^\"]*\"");
  private static final java.util.regex.Pattern MPD_SERVICE_DESCRIPTION =
      java.util.regex.Pattern.compile("<ServiceDescription\\b.*?</ServiceDescription>\\s*",
          java.util.regex.Pattern.DOTALL);

  private LowLatencyTags() {}

  /** {@code mpd} without early availability and latency targets; others come back as they are. */
  static String stripMpd(String mpd) {
    if (!mpd.contains("availabilityTime") && !mpd.contains("<ServiceDescription")) {
      return mpd;
    }
    String out = MPD_EARLY_AVAILABILITY.matcher(mpd).replaceAll("");
    return MPD_SERVICE_DESCRIPTION.matcher(out).replaceAll("");
  }

  /**
   * What an ingest node answers for {@code ll=off}: {@code playlist} without its LL-HLS tags and
   * with the version a plain CMAF playlist has (7: EXT-X-MAP, RFC 8216 7), as players that do
   * not know version 9 (bis: EXT-X-SKIP) may refuse it.
   */
  static String plain(String playlist) {
    if (!playlist.contains("#EXT-X-PART")) {
      return playlist;
    }
    return strip(playlist).replace("\n#EXT-X-VERSION:9\n", "\n#EXT-X-VERSION:7\n");
  }

  /** {@code playlist} without its LL-HLS tags; a playlist without them comes back as it is. */
  static String strip(String playlist) {
    if (!playlist.contains("#EXT-X-PART")) {
      return playlist;
    }
    StringBuilder out = new StringBuilder(playlist.length());
    for (String line : playlist.split("\n", -1)) {
      if (PART_TAGS.stream().noneMatch(line::startsWith)) {
        out.append(line).append('\n');
      }
    }
    out.setLength(out.length() - 1); // split(-1) kept the text after the last newline
    return out.toString();
  }
}
