package io.headwater.manifest.hls;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting and checks of HLS attribute values shared by the playlist writers. */
final class HlsValues {
  private static final BigDecimal TICKS_PER_SECOND = BigDecimal.valueOf(90_000);
  private static final int EXTINF_DECIMALS = 5;

  /** RFC 8216 4.3.2.6: ISO 8601 date-time with time zone; we always print ms and 'Z'. */
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private HlsValues() {}

  /**
   * The EXTINF duration (RFC 8216 4.3.2.1, decimal-floating-point) of {@code duration90k} with
   * five decimals, computed exactly from the ticks and rounded half-up.
   */
  static BigDecimal extinfSeconds(long duration90k) {
    return BigDecimal.valueOf(duration90k)
        .divide(TICKS_PER_SECOND, EXTINF_DECIMALS, RoundingMode.HALF_UP);
  }

  /** Seconds with five decimals of {@code ticks} at {@code timescale}, rounded half-up. */
  static BigDecimal seconds(long ticks, long timescale) {
    return BigDecimal.valueOf(ticks)
        .divide(BigDecimal.valueOf(timescale), EXTINF_DECIMALS, RoundingMode.HALF_UP);
  }

  /** A decimal attribute value in seconds from microseconds, without trailing zeros. */
  static String micros(long micros) {
    BigDecimal s = BigDecimal.valueOf(micros).divide(BigDecimal.valueOf(1_000_000));
    s = s.stripTrailingZeros();
    return (s.scale() < 1 ? s.setScale(1) : s).toPlainString();
  }

  /**
   * The printed EXTINF value rounded to the nearest integer, as RFC 8216 4.3.3.1 compares it with
   * EXT-X-TARGETDURATION. Rounds what players read, not the exact ticks.
   */
  static long roundedSeconds(BigDecimal extinfSeconds) {
    return extinfSeconds.setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** EXT-X-PROGRAM-DATE-TIME value, e.g. {@code 2026-11-22T03:04:05.120Z}. */
  static String dateTime(Instant instant) {
    return DATE_TIME.format(instant);
  }

  /**
   * Checks a URI written inside a quoted-string (RFC 8216 4.2: no CR, LF or double quote).
   *
   * @throws IllegalArgumentException naming {@code what}
   */
  static void checkQuotedUri(String what, String uri) {
    checkUriLine(what, uri);
    if (uri.indexOf('"') >= 0) {
      throw new IllegalArgumentException(what + " '" + uri + "' contains a double quote");
    }
  }

  /**
   * Checks a URI written on its own line (RFC 8216 4.1: a line that is not blank and does not
   * start with '#'; whitespace would not survive players' line trimming).
   */
  static void checkUriLine(String what, String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (uri.charAt(0) == '#') {
      throw new IllegalArgumentException(what + " '" + uri + "' starts with '#'");
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(what + " has a control or space character at index "
            + i);
      }
    }
  }
}
