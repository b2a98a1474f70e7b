package io.headwater.origin.cluster;

import io.headwater.origin.http.BlockingRequests.PlaylistRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What an origin node reads of a stored LL-HLS media playlist to decide on blocking requests
 * (draft-pantos-hls-rfc8216bis 6.2.5.2, 6.2.6) the way an ingest node decides on its views
 * ({@link io.headwater.origin.http.BlockingRequests}): the complete segments, the parts listed,
 * the part target and whether the playlist ended.
 *
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE (4.4.3.2), the first listed segment's number
 * @param segments how many complete segments are listed (EXTINF, plus EXT-X-SKIP's count)
 * @param parts the listed parts (EXT-X-PART, 4.4.4.9), in order
 * @param partTargetMicros EXT-X-PART-INF PART-TARGET (4.4.3.7) in microseconds; 0 without it
 * @param targetDurationSeconds EXT-X-TARGETDURATION (4.4.3.1)
 * @param ended whether it carries EXT-X-ENDLIST (4.4.3.4)
 * @param hinting whether it carries an EXT-X-PRELOAD-HINT (4.4.5.3): the ingest node hints
 *     nothing while no publisher feeds the stream
 */
record StoredPlaylist(long mediaSequence, int segments, List<Part> parts, long partTargetMicros,
    int targetDurationSeconds, boolean ended, boolean hinting) {
  /**
   * One listed part.
   *
   * @param segmentSequence the media sequence number of its parent segment
   * @param partIndex its index in the parent segment, from 0
   * @param uri its URI as listed
   * @param durationMicros its DURATION
   */
  record Part(long segmentSequence, int partIndex, String uri, long durationMicros) {}

  StoredPlaylist {
    parts = List.copyOf(parts);
  }

  /**
   * Reads {@code bytes} (a media playlist the ingest node wrote).
   *
   * @throws IllegalArgumentException when a tag this reads is malformed
   */
  static StoredPlaylist parse(byte[] bytes) {
    long mediaSequence = 0;
    int segments = 0;
    int partIndex = 0;
    long partTarget = 0;
    int targetDuration = 0;
    boolean ended = false;
    boolean hinting = false;
    List<Part> parts = new ArrayList<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      line = line.strip();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        mediaSequence = number(line.substring(22), line);
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        targetDuration = (int) Math.min(Integer.MAX_VALUE, number(line.substring(22), line));
      } else if (line.startsWith("#EXT-X-PART-INF:")) {
        partTarget = micros(attribute(line, "PART-TARGET"), line);
      } else if (line.startsWith("#EXT-X-SKIP:")) {
        segments += (int) Math.min(Integer.MAX_VALUE, number(attribute(line,
            "SKIPPED-SEGMENTS"), line));
      } else if (line.startsWith("#EXTINF:")) {
        segments++;
        partIndex = 0;
      } else if (line.startsWith("#EXT-X-PART:")) {
        String uri = attribute(line, "URI");
        if (uri.length() < 3 || !uri.startsWith("\"") || !uri.endsWith("\"")) {
          throw new IllegalArgumentException("URI not a quoted string in '" + line + "'");
        }
        parts.add(new Part(mediaSequence + segments, partIndex++,
            uri.substring(1, uri.length() - 1), micros(attribute(line, "DURATION"), line)));
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (line.startsWith("#EXT-X-PRELOAD-HINT:")) {
        hinting = true;
      }
    }
    return new StoredPlaylist(mediaSequence, segments, parts, partTarget, targetDuration, ended,
        hinting);
  }

  /** The last complete segment's media sequence number (one before the first when none). */
  long lastComplete() {
    return mediaSequence + segments - 1;
  }

  /** Whether it is an LL-HLS playlist: blocking requests are honoured only then. */
  boolean lowLatency() {
    return partTargetMicros > 0;
  }

  /** Whether {@code uri} is a listed part. */
  boolean lists(String uri) {
    return parts.stream().anyMatch(p -> p.uri().equals(uri));
  }

  /**
   * Why the request is too far ahead to be answered by waiting (bis 6.2.5.2: an msn more than
   * two segments past the last one, or a part beyond the Advance Part Limit, SHOULD get a 400 at
   * once), or null.
   */
  String tooFarAhead(PlaylistRequest r) {
    long lastMsn = lastComplete();
    int lastPart = -1;
    if (!parts.isEmpty() && parts.get(parts.size() - 1).segmentSequence() > lastMsn) {
      lastMsn = parts.get(parts.size() - 1).segmentSequence();
      lastPart = parts.get(parts.size() - 1).partIndex();
    }
    if (r.msn() > lastMsn + 2) {
      return "_HLS_msn=" + r.msn() + " is more than two segments past the last (" + lastMsn + ")";
    }
    // Advance Part Limit: 3 / PART-TARGET when PART-TARGET < 1 s, else 3.
    long limit = partTargetMicros > 0 && partTargetMicros < 1_000_000
        ? 3_000_000 / partTargetMicros : 3;
    if (r.part() >= 0 && r.msn() == lastMsn && lastPart >= 0 && r.part() - lastPart > limit) {
      return "_HLS_part=" + r.part() + " exceeds the last part (" + lastPart
          + ") by more than the advance part limit (" + limit + ")";
    }
    return null;
  }

  /**
   * Whether this playlist answers a blocking reload: segment {@code msn} is complete, or (with a
   * part) part {@code part} of it is listed; a part index past the last part of a complete
   * segment means part 0 of the next one (bis 6.2.5.2). An ended playlist answers every request
   * (the parameters are ignored once EXT-X-ENDLIST is present).
   */
  boolean satisfies(PlaylistRequest r) {
    if (ended) {
      return true;
    }
    long msn = r.msn();
    int part = r.part();
    if (part < 0) {
      return lastComplete() >= msn;
    }
    while (lastComplete() >= msn) {
      long seq = msn;
      long count = parts.stream().filter(p -> p.segmentSequence() == seq).count();
      if (count == 0 || part < count) {
        return true; // complete, and its parts too (or no longer listed)
      }
      msn++;
      part = 0;
    }
    long seq = msn;
    int index = part;
    return parts.stream().anyMatch(p -> p.segmentSequence() == seq && p.partIndex() >= index);
  }

  /**
   * Whether a part of segment {@code segmentSequence} not listed yet may still come: it belongs
   * to the segment being written, and the playlist hints a part (no publisher, no hint: the
   * ingest node's BlockingRequests.partMayStillCome). A part of a complete segment that is not
   * there never will be.
   */
  boolean partMayStillCome(long segmentSequence) {
    return !ended && hinting && segmentSequence == lastComplete() + 1;
  }

  private static String attribute(String line, String name) {
    int at = line.indexOf(':') + 1;
    while (at > 0 && at < line.length()) {
      int eq = line.indexOf('=', at);
      if (eq < 0) {
        break;
      }
      String key = line.substring(at, eq);
      int end = line.charAt(eq + 1 < line.length() ? eq + 1 : eq) == '"'
          ? line.indexOf('"', eq + 2) + 1 : line.indexOf(',', eq);
      if (end <= 0) {
        end = line.length();
      }
      if (key.equals(name)) {
        if (end <= eq + 1) {
          break;
        }
        return line.substring(eq + 1, end);
      }
      at = end + 1;
    }
    throw new IllegalArgumentException("no " + name + " in '" + line + "'");
  }

  private static long number(String text, String line) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("not a decimal integer in '" + line + "'");
    }
    return Long.parseLong(text);
  }

  private static long micros(String text, String line) {
    try {
      BigDecimal seconds = new BigDecimal(text);
      if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(86_400)) > 0) {
        throw new IllegalArgumentException("duration out of range in '" + line + "'");
      }
      return seconds.movePointRight(6).longValue();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration in '" + line + "'", e);
    }
  }
}
