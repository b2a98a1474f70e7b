package io.headwater.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What the availability probe reads from a live HLS media playlist (RFC 8216 4.3.2.1, 4.3.3.2;
 * low-latency parts from draft-pantos-hls-rfc8216bis 4.4.4.9): each complete segment with its
 * media sequence number, EXTINF and URI and the parts listed for it, and the parts of the open
 * segment after the last complete one.
 *
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE (0 when absent)
 * @param segments complete segments, oldest first
 * @param openParts parts of segment {@code mediaSequence + segments.size()}, still open
 * @param ended whether EXT-X-ENDLIST is present
 */
record LivePlaylist(long mediaSequence, List<Segment> segments, List<Part> openParts,
    boolean ended) {

  /** One complete segment and the parts listed for it (none when the playlist has no parts). */
  record Segment(long sequence, double durationSeconds, String uri, List<Part> parts) {}

  /** One EXT-X-PART. */
  record Part(double durationSeconds, String uri, boolean independent) {}

  /** The sequence number the next complete segment will have. */
  long nextSequence() {
    return mediaSequence + segments.size();
  }

  /** Parses a playlist; lines it does not know are skipped, as RFC 8216 4.1 asks of clients. */
  static LivePlaylist parse(String text) {
    long sequence = 0;
    boolean ended = false;
    double duration = 0;
    List<Part> parts = new ArrayList<>();
    List<Object[]> raw = new ArrayList<>();
    for (String line : text.split("\n")) {
      line = line.trim();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()));
      } else if (line.startsWith("#EXTINF:")) {
        String v = line.substring("#EXTINF:".length());
        int comma = v.indexOf(',');
        duration = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
      } else if (line.startsWith("#EXT-X-PART:")) {
        String attrs = line.substring("#EXT-X-PART:".length());
        parts.add(new Part(Double.parseDouble(attribute(attrs, "DURATION")),
            attribute(attrs, "URI"), "YES".equals(attribute(attrs, "INDEPENDENT"))));
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        raw.add(new Object[] {duration, line, List.copyOf(parts)});
        parts.clear();
      }
    }
    List<Segment> segments = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      Object[] r = raw.get(i);
      @SuppressWarnings("unchecked")
      List<Part> segmentParts = (List<Part>) r[2];
      segments.add(new Segment(sequence + i, (Double) r[0], (String) r[1], segmentParts));
    }
    return new LivePlaylist(sequence, List.copyOf(segments), List.copyOf(parts), ended);
  }

  /** The value of attribute {@code name} in an attribute list (RFC 8216 4.2), unquoted; or null. */
  static String attribute(String attrs, String name) {
    int at = 0;
    while (at < attrs.length()) {
      int eq = attrs.indexOf('=', at);
      if (eq < 0) {
        return null;
      }
      String key = attrs.substring(at, eq).trim();
      int valueEnd;
      String value;
      if (eq + 1 < attrs.length() && attrs.charAt(eq + 1) == '"') {
        int close = attrs.indexOf('"', eq + 2);
        if (close < 0) {
          return null;
        }
        value = attrs.substring(eq + 2, close);
        valueEnd = close + 1;
      } else {
        int comma = attrs.indexOf(',', eq + 1);
        valueEnd = comma < 0 ? attrs.length() : comma;
        value = attrs.substring(eq + 1, valueEnd);
      }
      if (key.equals(name)) {
        return value;
      }
      at = valueEnd + 1;
    }
    return null;
  }
}
