package io.headwater.origin.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bitrate in the configuration, {@code 2500k} or {@code 50M}: decimal units as encoders use
 * them (k = 1000 bit/s, M = 1000 k, G); a bare number is bits per second.
 *
 * @param bitsPerSecond the rate, never negative
 */
public record Bitrate(long bitsPerSecond) {
  /** What the error messages say is allowed. */
  public static final String ALLOWED =
      "bits per second with an optional unit k, M or G (powers of 1000), e.g. 2500k, 50M";
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,3})?)([kmg]?)");

  public Bitrate {
    if (bitsPerSecond < 0) {
      throw new IllegalArgumentException("bitrate must not be negative: " + bitsPerSecond);
    }
  }

  /** Parses {@code text}; IllegalArgumentException naming {@link #ALLOWED} otherwise. */
  public static Bitrate parse(String text) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a bitrate; allowed: " + ALLOWED);
    }
    long unit = switch (m.group(2)) {
      case "k" -> 1_000L;
      case "m" -> 1_000_000L;
      case "g" -> 1_000_000_000L;
      default -> 1L;
    };
    BigDecimal bps = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (bps.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number of bit/s; "
          + "allowed: " + ALLOWED);
    }
    return new Bitrate(bps.longValueExact());
  }

  @Override
  public String toString() {
    if (bitsPerSecond != 0 && bitsPerSecond % 1_000_000_000L == 0) {
      return bitsPerSecond / 1_000_000_000L + "G";
    }
    if (bitsPerSecond != 0 && bitsPerSecond % 1_000_000L == 0) {
      return bitsPerSecond / 1_000_000L + "M";
    }
    if (bitsPerSecond != 0 && bitsPerSecond % 1_000L == 0) {
      return bitsPerSecond / 1_000L + "k";
    }
    return Long.toString(bitsPerSecond);
  }
}
