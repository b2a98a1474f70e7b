package io.headwater.origin.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size of stored data in the configuration, {@code 512M} or {@code 100G}: binary units
 * (K = 1024 bytes, M = 1024 K, G, T), a bare number is bytes.
 *
 * @param bytes the size in bytes, never negative
 */
public record ByteSize(long bytes) {
  /** What the error messages say is allowed. */
  public static final String ALLOWED = "a whole number with an optional unit K, M, G or T "
      + "(powers of 1024), e.g. 512M, 100G";
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,15})([kmgt]?)(i?b)?");

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("size must not be negative: " + bytes);
    }
  }

  /** Parses {@code text}; IllegalArgumentException naming {@link #ALLOWED} otherwise. */
  public static ByteSize parse(String text) {
    Matcher m = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; allowed: " + ALLOWED);
    }
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    long n = Long.parseLong(m.group(1));
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("'" + text + "' is too large; allowed: " + ALLOWED);
    }
    return new ByteSize(n << shift);
  }

  @Override
  public String toString() {
    String[] units = {"", "K", "M", "G", "T"};
    long v = bytes;
    int u = 0;
    while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
      v /= 1024;
      u++;
    }
    return v + units[u];
  }
}
