package io.headwater.origin.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Formats HTTP dates (RFC 9110 5.6.7 IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}) with
 * a small cache, since every response of the origin carries one or two dates that repeat for a
 * whole second (Last-Modified of a segment or manifest version, Expires). Thread-safe: a slot
 * holds an immutable pair, so a racing reader sees either the old or the new pair, both valid.
 */
final class HttpDates {
  /** IMF-fixdate: two-digit day, English names, GMT (RFC_1123_DATE_TIME drops the zero). */
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final int SLOTS = 64;

  private record Formatted(long epochSecond, String text) {}

  private final Formatted[] slots = new Formatted[SLOTS];

  /** The HTTP date of {@code instant}, truncated to the second as the format requires. */
  String format(Instant instant) {
    return format(instant.getEpochSecond());
  }

  /** The HTTP date of {@code epochSecond}. */
  String format(long epochSecond) {
    int slot = (int) (epochSecond & (SLOTS - 1));
    Formatted f = slots[slot];
    if (f == null || f.epochSecond() != epochSecond) {
      f = new Formatted(epochSecond, IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)));
      slots[slot] = f;
    }
    return f.text();
  }
}
