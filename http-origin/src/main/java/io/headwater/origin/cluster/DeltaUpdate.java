package io.headwater.origin.cluster;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A playlist delta update (draft-pantos-hls-rfc8216bis 6.2.5.1, 4.4.5.2 EXT-X-SKIP) made on an
 * origin node from the full media playlist an ingest node stored, the same one the ingest node
 * makes from its view: the segments that end more than CAN-SKIP-UNTIL (4.4.3.8) before the end
 * of the last complete segment are replaced by {@code #EXT-X-SKIP:SKIPPED-SEGMENTS=n}, and the
 * first segment kept repeats the EXT-X-MAP in force. Everything else (header, parts, preload
 * hint, rendition reports) stays. The ingest node stores only full playlists, so a delta update
 * costs no PUT.
 */
final class DeltaUpdate {
  private static final String SERVER_CONTROL = "#EXT-X-SERVER-CONTROL:";
  private static final String CAN_SKIP_UNTIL = "CAN-SKIP-UNTIL=";
  /** Tags that belong to a media segment (RFC 8216 4.3.2, bis 4.4.4): a segment starts there. */
  private static final List<String> SEGMENT_TAGS = List.of("#EXTINF:", "#EXT-X-BYTERANGE:",
      "#EXT-X-DISCONTINUITY", "#EXT-X-KEY:", "#EXT-X-MAP:", "#EXT-X-PROGRAM-DATE-TIME:",
      "#EXT-X-GAP", "#EXT-X-BITRATE:", "#EXT-X-PART:", "#EXT-X-DATERANGE:");

  private DeltaUpdate() {}

  /** One complete segment's lines, its duration and the EXT-X-MAP line it carries, if any. */
  private record Block(List<String> lines, long durationMicros, String map) {}

  /**
   * The delta update of {@code playlist}, or {@code playlist} itself when it offers none (no
   * CAN-SKIP-UNTIL), is one already, or lists no segment old enough to skip.
   */
  static String of(String playlist) {
    long skipUntilMicros = canSkipUntilMicros(playlist);
    if (skipUntilMicros < 0 || playlist.contains("#EXT-X-SKIP:")) {
      return playlist;
    }
    String[] lines = playlist.split("\n", -1);
    int at = 0;
    List<String> header = new ArrayList<>();
    while (at < lines.length && !segmentTag(lines[at])) {
      header.add(lines[at++]);
    }
    List<Block> blocks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (; at < lines.length; at++) {
      current.add(lines[at]);
      if (!lines[at].isEmpty() && !lines[at].startsWith("#")) { // the segment's URI ends it
        Block b = block(current);
        if (b == null) {
          return playlist; // a segment without EXTINF: not one an ingest node wrote
        }
        blocks.add(b);
        current = new ArrayList<>();
      }
    }
    long totalMicros = blocks.stream().mapToLong(Block::durationMicros).sum();
    int skipped = 0;
    long endMicros = 0;
    String mapInForce = null;
    // The last segment always stays (a delta update lists at least one segment).
    while (skipped < blocks.size() - 1) {
      Block b = blocks.get(skipped);
      endMicros += b.durationMicros();
      if (totalMicros - endMicros <= skipUntilMicros) {
        break;
      }
      mapInForce = b.map() != null ? b.map() : mapInForce;
      skipped++;
    }
    if (skipped == 0) {
      return playlist;
    }
    StringBuilder out = new StringBuilder(playlist.length());
    header.forEach(l -> out.append(l).append('\n'));
    out.append("#EXT-X-SKIP:SKIPPED-SEGMENTS=").append(skipped).append('\n');
    for (int i = skipped; i < blocks.size(); i++) {
      List<String> block = blocks.get(i).lines();
      if (i == skipped && blocks.get(i).map() == null && mapInForce != null) {
        // The skipped segments' init segment, which the client must not need to look back for.
        int pos = block.get(0).equals("#EXT-X-DISCONTINUITY") ? 1 : 0;
        block = new ArrayList<>(block);
        block.add(pos, mapInForce);
      }
      block.forEach(l -> out.append(l).append('\n'));
    }
    current.forEach(l -> out.append(l).append('\n'));
    out.setLength(out.length() - 1); // split(-1) kept the text after the last newline
    return out.toString();
  }

  /** CAN-SKIP-UNTIL in microseconds, or -1 when the playlist offers no delta updates. */
  private static long canSkipUntilMicros(String playlist) {
    int start = playlist.indexOf(SERVER_CONTROL);
    if (start < 0) {
      return -1;
    }
    int end = playlist.indexOf('\n', start);
    for (String attribute : playlist.substring(start + SERVER_CONTROL.length(),
        end < 0 ? playlist.length() : end).split(",")) {
      if (attribute.startsWith(CAN_SKIP_UNTIL)) {
        try {
          return new BigDecimal(attribute.substring(CAN_SKIP_UNTIL.length())).movePointRight(6)
              .longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
          return -1; // not a decimal-floating-point: offer nothing
        }
      }
    }
    return -1;
  }

  private static boolean segmentTag(String line) {
    return SEGMENT_TAGS.stream().anyMatch(t -> line.startsWith(t)
        && !line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE"));
  }

  private static Block block(List<String> lines) {
    long micros = -1;
    String map = null;
    for (String l : lines) {
      if (l.startsWith("#EXTINF:")) {
        int comma = l.indexOf(',');
        try {
          micros = new BigDecimal(l.substring(8, comma < 0 ? l.length() : comma))
              .movePointRight(6).longValue();
        } catch (NumberFormatException e) {
          return null;
        }
      } else if (l.startsWith("#EXT-X-MAP:")) {
        map = l;
      }
    }
    return micros < 0 ? null : new Block(List.copyOf(lines), micros, map);
  }
}
