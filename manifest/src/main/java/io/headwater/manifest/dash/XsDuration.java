package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.Locale;

/**
 * xs:duration values as the MPD writes them (XML Schema Part 2, 3.2.6; ISO/IEC 23009-1 5.3.1.2
 * uses the type for every MPD duration): {@code PT[nH][nM][n[.fff]S]}, millisecond precision,
 * hours never folded into days so that players with minimal parsers read them.
 */
public final class XsDuration {
  private static final long MS_PER_SECOND = 1_000;
  private static final long MS_PER_MINUTE = 60 * MS_PER_SECOND;
  private static final long MS_PER_HOUR = 60 * MS_PER_MINUTE;

  private XsDuration() {}

  /**
   * Formats {@code duration}, truncated to whole milliseconds: 0 is {@code PT0S}, 2.002 s is
   * {@code PT2.002S}, 3723.5 s is {@code PT1H2M3.5S}.
   *
   * @throws IllegalArgumentException if the duration is negative
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative xs:duration " + duration);
    }
    long totalMs = duration.toMillis();
    long hours = totalMs / MS_PER_HOUR;
    long minutes = totalMs % MS_PER_HOUR / MS_PER_MINUTE;
    long seconds = totalMs % MS_PER_MINUTE / MS_PER_SECOND;
    long millis = totalMs % MS_PER_SECOND;
    StringBuilder out = new StringBuilder("PT");
    if (hours > 0) {
      out.append(hours).append('H');
    }
    if (minutes > 0) {
      out.append(minutes).append('M');
    }
    if (seconds > 0 || millis > 0 || totalMs == 0) {
      out.append(seconds);
      if (millis > 0) {
        String fraction = String.format(Locale.ROOT, "%03d", millis);
        int end = fraction.length();
        while (fraction.charAt(end - 1) == '0') {
          end--;
        }
        out.append('.').append(fraction, 0, end);
      }
      out.append('S');
    }
    return out.toString();
  }

  /** {@code ticks / timescale} seconds rounded down to whole milliseconds, computed exactly. */
  public static Duration floorMillis(long ticks, long timescale) {
    checkArgs(ticks, timescale);
    return Duration.ofMillis(Math.floorDiv(Math.multiplyExact(ticks, MS_PER_SECOND), timescale));
  }

  /** {@code ticks / timescale} seconds rounded up to whole milliseconds, computed exactly. */
  public static Duration ceilMillis(long ticks, long timescale) {
    checkArgs(ticks, timescale);
    return Duration.ofMillis(
        -Math.floorDiv(-Math.multiplyExact(ticks, MS_PER_SECOND), timescale));
  }

  private static void checkArgs(long ticks, long timescale) {
    if (ticks < 0 || timescale <= 0) {
      throw new IllegalArgumentException("duration of " + ticks + " ticks at " + timescale);
    }
  }
}
