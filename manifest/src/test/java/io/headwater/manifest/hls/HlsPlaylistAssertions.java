package io.headwater.manifest.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small, independent reader of media playlists that checks the RFC 8216 / 8216bis rules a live
 * origin must keep, for use in tests. It shares no code with the writer.
 */
final class HlsPlaylistAssertions {
  private static final Pattern EXTINF = Pattern.compile("#EXTINF:(\\d+(\\.\\d+)?),.*");
  private static final Pattern PDT =
      Pattern.compile("#EXT-X-PROGRAM-DATE-TIME:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

  private HlsPlaylistAssertions() {}

  /** One segment as a player sees it. */
  record ParsedSegment(long mediaSequenceNumber, long discontinuitySequenceNumber,
      BigDecimal durationSeconds, boolean discontinuity, String programDateTime, String mapUri,
      String uri) {}

  /** A media playlist as a player sees it. */
  record ParsedMediaPlaylist(int version, int targetDurationSeconds, long mediaSequence,
      Long discontinuitySequenceTag, boolean independentSegments, boolean ended,
      List<ParsedSegment> segments) {
    long discontinuitySequence() {
      return discontinuitySequenceTag == null ? 0 : discontinuitySequenceTag;
    }
  }

  /**
   * Parses {@code text} and asserts the rules of RFC 8216 for a (live or ended) media playlist;
   * returns the parsed playlist for further checks.
   */
  static ParsedMediaPlaylist assertValidMediaPlaylist(String text) {
    assertThat(text).as("playlist text").endsWith("\n").doesNotContain("\r");
    String[] lines = text.split("\n", -1);
    assertThat(lines[0]).as("4.3.1.1 first line").isEqualTo("#EXTM3U");
    Integer version = null;
    Integer targetDuration = null;
    Long mediaSequence = null;
    Long discontinuitySequenceTag = null;
    boolean independent = false;
    boolean ended = false;
    boolean playlistType = false;
    boolean sawDiscontinuity = false;
    List<ParsedSegment> segments = new ArrayList<>();

    BigDecimal pendingDuration = null;
    boolean pendingDiscontinuity = false;
    String pendingPdt = null;
    String currentMap = null;
    boolean anyPdt = false;
    long discontinuities = 0;
    for (int i = 1; i < lines.length - 1; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + " '" + line + "'";
      assertThat(line).as(where + " is blank or padded").isNotBlank().isEqualTo(line.strip());
      if (ended) {
        fail("4.3.3.4: nothing may follow EXT-X-ENDLIST, found " + where);
      }
      if (line.startsWith("#EXT-X-VERSION:")) {
        assertThat(version).as("4.3.1.2 more than one EXT-X-VERSION").isNull();
        version = Integer.parseInt(value(line));
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        assertThat(targetDuration).as("4.3.3.1 more than one EXT-X-TARGETDURATION").isNull();
        targetDuration = Integer.parseInt(value(line));
      } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        assertThat(segments).as("4.3.3.2 EXT-X-MEDIA-SEQUENCE after a segment").isEmpty();
        mediaSequence = Long.parseLong(value(line));
      } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
        assertThat(segments).as("4.3.3.3 EXT-X-DISCONTINUITY-SEQUENCE after a segment").isEmpty();
        assertThat(sawDiscontinuity)
            .as("4.3.3.3 EXT-X-DISCONTINUITY-SEQUENCE after EXT-X-DISCONTINUITY").isFalse();
        discontinuitySequenceTag = Long.parseLong(value(line));
      } else if (line.equals("#EXT-X-INDEPENDENT-SEGMENTS")) {
        independent = true;
      } else if (line.startsWith("#EXT-X-PLAYLIST-TYPE")) {
        playlistType = true;
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (line.equals("#EXT-X-DISCONTINUITY")) {
        sawDiscontinuity = true;
        pendingDiscontinuity = true;
      } else if (line.startsWith("#EXT-X-MAP:")) {
        assertThat(line).as(where).matches("#EXT-X-MAP:URI=\"[^\"]+\"");
        currentMap = line.substring("#EXT-X-MAP:URI=\"".length(), line.length() - 1);
      } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        assertThat(line).as(where + " ISO 8601 with ms and Z").matches(PDT);
        pendingPdt = value(line);
        anyPdt = true;
      } else if (line.startsWith("#EXTINF:")) {
        assertThat(line).as(where).matches(EXTINF);
        assertThat(pendingDuration).as(where + " two EXTINF for one segment").isNull();
        pendingDuration = new BigDecimal(line.substring(8, line.indexOf(',')));
      } else if (line.startsWith("#")) {
        assertThat(line).as(where + " unknown tag").doesNotStartWith("#EXT");
      } else {
        assertThat(pendingDuration).as("4.3.2.1 segment " + where + " without EXTINF").isNotNull();
        if (pendingDiscontinuity) {
          discontinuities++;
        }
        long base = mediaSequence == null ? 0 : mediaSequence;
        long discSeqBase = discontinuitySequenceTag == null ? 0 : discontinuitySequenceTag;
        segments.add(new ParsedSegment(base + segments.size(), discSeqBase + discontinuities,
            pendingDuration, pendingDiscontinuity, pendingPdt, currentMap, line));
        pendingDuration = null;
        pendingDiscontinuity = false;
        pendingPdt = null;
      }
    }
    assertThat(lines[lines.length - 1]).as("text after the last newline").isEmpty();
    assertThat(pendingDuration).as("EXTINF without a URI at the end").isNull();
    assertThat(targetDuration).as("4.3.3.1 EXT-X-TARGETDURATION is REQUIRED").isNotNull();
    assertThat(version).as("EXT-X-VERSION (we always write it)").isNotNull();
    assertThat(segments).as("a media playlist lists segments").isNotEmpty();
    if (!ended) {
      assertThat(playlistType).as("8216bis 6.2.1: live playlist with EXT-X-PLAYLIST-TYPE").isFalse();
    }
    for (ParsedSegment s : segments) {
      long rounded = s.durationSeconds().setScale(0, RoundingMode.HALF_UP).longValueExact();
      assertThat(rounded).as("4.3.3.1 EXTINF %s of %s rounds above TARGETDURATION %s",
          s.durationSeconds(), s.uri(), targetDuration).isLessThanOrEqualTo(targetDuration);
      if (s.durationSeconds().scale() > 0) {
        assertThat(version).as("7: decimal EXTINF needs version >= 3").isGreaterThanOrEqualTo(3);
      }
      if (s.mapUri() != null) {
        assertThat(version).as("7: EXT-X-MAP needs version >= 6").isGreaterThanOrEqualTo(6);
      }
      if (anyPdt && s.discontinuity()) {
        assertThat(s.programDateTime())
            .as("4.3.2.6: PDT SHOULD be on every discontinuity segment (%s)", s.uri()).isNotNull();
      }
    }
    long media = mediaSequence == null ? 0 : mediaSequence;
    if (sawDiscontinuity && media > 0) {
      assertThat(discontinuitySequenceTag)
          .as("6.2.2: segments removed from a playlist with EXT-X-DISCONTINUITY").isNotNull();
    }
    return new ParsedMediaPlaylist(version, targetDuration, media, discontinuitySequenceTag,
        independent, ended, List.copyOf(segments));
  }

  /**
   * Asserts the RFC 8216bis 6.2.1-6.2.2 rules between two successive versions of a live
   * playlist: same target duration, media and discontinuity sequences that never decrease and
   * account for exactly the removed segments, and unchanged lines for every segment in both.
   */
  static void assertValidUpdate(String previousText, String nextText) {
    ParsedMediaPlaylist previous = assertValidMediaPlaylist(previousText);
    ParsedMediaPlaylist next = assertValidMediaPlaylist(nextText);
    assertThat(next.targetDurationSeconds()).as("6.2.1 TARGETDURATION MUST NOT change")
        .isEqualTo(previous.targetDurationSeconds());
    assertThat(next.mediaSequence()).as("6.2.2 MEDIA-SEQUENCE MUST NOT decrease")
        .isGreaterThanOrEqualTo(previous.mediaSequence());
    if (previous.ended()) {
      assertThat(next.ended()).as("an ended playlist stays ended").isTrue();
    }
    long removedDiscontinuities = previous.segments().stream()
        .filter(s -> s.mediaSequenceNumber() < next.mediaSequence() && s.discontinuity())
        .count();
    assertThat(next.discontinuitySequence())
        .as("6.2.2 DISCONTINUITY-SEQUENCE grows by the removed discontinuities")
        .isEqualTo(previous.discontinuitySequence() + removedDiscontinuities);
    Map<Long, ParsedSegment> before = new HashMap<>();
    previous.segments().forEach(s -> before.put(s.mediaSequenceNumber(), s));
    for (ParsedSegment s : next.segments()) {
      ParsedSegment old = before.get(s.mediaSequenceNumber());
      if (old != null) {
        assertThat(s).as("segment %s changed between reloads", s.mediaSequenceNumber())
            .isEqualTo(old);
      }
    }
  }

  private static String value(String line) {
    return line.substring(line.indexOf(':') + 1);
  }
}
