package io.headwater.origin.config;

import java.time.Duration;

/** Range checks shared by the configuration records; each throws InvalidValueException. */
final class Check {
  private Check() {}

  static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw InvalidValueException.of(key, value, "a whole number from " + min + " to " + max);
    }
  }

  static void range(String key, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw InvalidValueException.of(key, Durations.format(value), "a duration from "
          + Durations.format(min) + " to " + Durations.format(max));
    }
  }

  /** A shared secret: absent, or at least 16 characters (a guessable one protects nothing). */
  static void secret(String key, String value) {
    if (value != null && value.length() < 16) {
      throw InvalidValueException.of(key, "***", "at least 16 characters");
    }
  }

  /** A list of CIDR blocks such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
  static void addressList(String key, java.util.List<String> blocks) {
    for (String b : blocks) {
      try {
        io.headwater.ingest.auth.CidrBlock.parse(b);
      } catch (IllegalArgumentException e) {
        throw InvalidValueException.of(key, b, "IPv4 or IPv6 addresses or CIDR blocks, e.g. "
            + "10.0.0.0/8 or 2001:db8::/32");
      }
    }
  }
}
