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

  /** Reads the segments of {@link LivePlaylist#parse}, without their parts. */
  static MediaPlaylistLines parse(String text) {
    LivePlaylist p = LivePlaylist.parse(text);
    List<Segment> segments = new ArrayList<>(p.segments().size());
    for (LivePlaylist.Segment s : p.segments()) {
      segments.add(new Segment(s.sequence(), s.durationSeconds(), s.uri()));
    }
    return new MediaPlaylistLines(p.mediaSequence(), List.copyOf(segments), p.ended());
  }
}
