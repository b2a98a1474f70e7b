package io.headwater.origin.config;

import io.headwater.origin.pipeline.StreamSettings;
import java.time.Duration;

/**
 * {@code apps.NAME.lowLatency}: LL-HLS parts (draft-pantos-hls-rfc8216bis 4.4.4.9) and the
 * low-latency DASH chunks they are. The defaults follow the pipeline's ({@link
 * StreamSettings#DEFAULTS}): on, 340 ms parts.
 *
 * @param enabled whether to cut parts and list them (EXT-X-PART), default true
 * @param partTarget part duration (EXT-X-PART-INF:PART-TARGET), default 0.34s, from 100ms to
 *     half the application's segmentDuration (checked by {@link AppConfig})
 */
public record LowLatencySection(Boolean enabled, Duration partTarget) {
  public LowLatencySection {
    enabled = Check.orDefault(enabled, StreamSettings.DEFAULTS.lowLatency());
    partTarget = Check.orDefault(partTarget, StreamSettings.DEFAULT_PART_TARGET);
    Check.range("partTarget", partTarget, Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  /** Every key at its default. */
  static LowLatencySection defaults() {
    return new LowLatencySection(null, null);
  }
}
