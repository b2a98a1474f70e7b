package io.headwater.origin.security;

import java.time.Duration;
import java.util.Objects;

/**
 * The most a publisher may send: {@code maxBitsPerSecond} of audio and video averaged over
 * {@code window} ({@code limits.maxIngestBitrate}, {@code limits.ingestBitrateWindow}).
 *
 * @param maxBitsPerSecond the limit; 0 for none
 * @param window the averaging window, so that a keyframe burst does not count as excess
 */
public record IngestLimit(long maxBitsPerSecond, Duration window) {
  /** No limit. */
  public static final IngestLimit NONE = new IngestLimit(0, Duration.ofSeconds(10));

  public IngestLimit {
    Objects.requireNonNull(window, "window");
    if (maxBitsPerSecond < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("ingest limit " + maxBitsPerSecond + " bit/s over "
          + window);
    }
  }

  /** Whether there is a limit at all. */
  public boolean limited() {
    return maxBitsPerSecond > 0;
  }
}
