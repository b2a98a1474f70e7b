package io.headwater.origin.config;

import java.time.Duration;

/**
 * {@code recordings.retention}: when recordings are deleted (never one being written); 0s or 0
 * turns a limit off.
 *
 * @param maxAge oldest recording kept, default 30d
 * @param maxSize total size of recordings kept, default 100G
 */
public record RetentionSection(Duration maxAge, ByteSize maxSize) {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
  public static final ByteSize DEFAULT_MAX_SIZE = new ByteSize(100L << 30);

  public RetentionSection {
    maxAge = Check.orDefault(maxAge, DEFAULT_MAX_AGE);
    maxSize = Check.orDefault(maxSize, DEFAULT_MAX_SIZE);
  }

  static RetentionSection defaults() {
    return new RetentionSection(null, null);
  }
}
