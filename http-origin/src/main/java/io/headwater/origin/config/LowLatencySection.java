package io.headwater.origin.config;

import io.headwater.origin.pipeline.StreamSettings;
import java.time.Duration;

/**
 * {@code apps.NAME.lowLatency}: LL-HLS parts (draft-pantos-hls-rfc8216bis 4.4.4.9), on by default.
 *
 * @param enabled whether to cut parts and list them (EXT-X-PART), default true
 * @param partTarget part duration (EXT-X-PART-INF:PART-TARGET), default 0.5s, from 100ms to half
 *     the application's segmentDuration (checked by {@link AppConfig})
 */
public record LowLatencySection(Boolean enabled, Duration partTarget) {
  public LowLatencySection {
    enabled = Check.orDefault(enabled, true);
    partTarget = Check.orDefault(partTarget, StreamSettings.DEFAULT_PART_TARGET);
    Check.range("partTarget", partTarget, Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  static LowLatencySection defaults() {
    return new LowLatencySection(null, null);
  }
}
