package io.headwater.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a live HLS media playlist a player follows (RFC 8216 4.3.2.1, 4.3.3.2): the media
 * sequence number of the first segment and each segment's duration and URI.
 *
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE (0 when absent)
 * @param segments the listed segments, oldest first
 * @param ended whether EXT-X-ENDLIST is present
 */
record MediaPlaylistLines(long mediaSequence, List<Segment> segments, boolean ended) {
  /** One listed segment. */
  record Segment(long sequence, double durationSeconds, String uri) {}

  static MediaPlaylistLines parse(String text) {
    long sequence = 0;
    boolean ended = false;
    double duration = 0;
    List<String[]> raw = new ArrayList<>();
    for (String line : text.split("\n")) {
      line = line.trim();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()));
      } else if (line.startsWith("#EXTINF:")) {
        String v = line.substring("#EXTINF:".length());
        int comma = v.indexOf(',');
        duration = Double.parseDouble(comma < 0 ? v : v.substring(0, comma));
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        raw.add(new String[] {Double.toString(duration), line});
      }
    }
    List<Segment> segments = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      segments.add(new Segment(sequence + i, Double.parseDouble(raw.get(i)[0]), raw.get(i)[1]));
    }
    return new MediaPlaylistLines(sequence, List.copyOf(segments), ended);
  }
}
