package io.headwater.origin.config;

import java.util.List;
import java.util.Locale;

/**
 * {@code logging}: how much the origin logs.
 *
 * @param level the root log level: error, warn, info (default), debug or trace
 * @param accessLog one line per HTTP request in the combined log format (logger
 *     {@code headwater.access}), default true
 */
public record LoggingSection(String level, Boolean accessLog) {
  private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

  public LoggingSection {
    level = Check.orDefault(level, "info").toLowerCase(Locale.ROOT);
    accessLog = Check.orDefault(accessLog, true);
    if (!LEVELS.contains(level)) {
      throw InvalidValueException.of("level", level, String.join(", ", LEVELS));
    }
  }

  static LoggingSection defaults() {
    return new LoggingSection(null, null);
  }
}
