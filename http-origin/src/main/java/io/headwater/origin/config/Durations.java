package io.headwater.origin.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed durations of the configuration: a number with a unit, {@code 500ms}, {@code 2s}. */
public final class Durations {
  /** What the error messages say is allowed. */
  public static final String ALLOWED =
      "a number with a unit ms, s, m, h or d, e.g. 500ms, 0.5s, 2s, 1m, 30d";
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,6})?)(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code text}; IllegalArgumentException with {@link #ALLOWED} when it is not one. */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; allowed: " + ALLOWED);
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long millisPerUnit = switch (m.group(2)) {
      case "ms" -> 1L;
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
    BigDecimal millis = amount.multiply(BigDecimal.valueOf(millisPerUnit));
    if (millis.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("'" + text + "' is finer than a millisecond; allowed: "
          + ALLOWED);
    }
    return Duration.ofMillis(millis.longValueExact());
  }

  /** The shortest text {@link #parse} reads back to {@code d}: 2s, 500ms, 30d. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return ms + "ms";
  }
}
