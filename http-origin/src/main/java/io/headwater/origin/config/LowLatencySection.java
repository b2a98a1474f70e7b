package io.headwater.origin.config;

import java.time.Duration;

/**
 * {@code apps.NAME.lowLatency}: LL-HLS parts. Not built yet: {@code enabled} must stay false.
 *
 * @param enabled whether to cut parts, default false
 * @param partTarget part duration, default 0.5s, 100ms..2s
 */
public record LowLatencySection(Boolean enabled, Duration partTarget) {
  public LowLatencySection {
    enabled = Check.orDefault(enabled, false);
    partTarget = Check.orDefault(partTarget, Duration.ofMillis(500));
    Check.range("partTarget", partTarget, Duration.ofMillis(100), Duration.ofSeconds(2));
    Check.off("enabled", enabled, false);
  }

  static LowLatencySection defaults() {
    return new LowLatencySection(null, null);
  }
}
