package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.Objects;

/**
 * An MPD {@code ServiceDescription} (ISO/IEC 23009-1 Annex K; DASH-IF IOP "Low-latency Modes for
 * DASH" 9.X.4.2): the latency the service aims at and the playback rates a player may use to hold
 * it. Written as {@code <Latency target min max>} in milliseconds and {@code <PlaybackRate min
 * max>} as absolute rates.
 *
 * @param id ServiceDescription@id
 * @param latencyTarget the wanted distance from the live edge
 * @param latencyMin the least latency a player should aim at
 * @param latencyMax the most latency a player should tolerate before it seeks
 * @param playbackRateMin the slowest playback rate, below 1
 * @param playbackRateMax the fastest playback rate, above 1
 */
public record ServiceDescription(int id, Duration latencyTarget, Duration latencyMin,
    Duration latencyMax, double playbackRateMin, double playbackRateMax) {
  public ServiceDescription {
    Objects.requireNonNull(latencyTarget, "latencyTarget");
    Objects.requireNonNull(latencyMin, "latencyMin");
    Objects.requireNonNull(latencyMax, "latencyMax");
    if (latencyMin.isNegative() || latencyMin.compareTo(latencyTarget) > 0
        || latencyTarget.compareTo(latencyMax) > 0) {
      throw new IllegalArgumentException("Latency needs 0 <= min <= target <= max, was min="
          + latencyMin + " target=" + latencyTarget + " max=" + latencyMax);
    }
    if (!(playbackRateMin > 0 && playbackRateMin <= 1 && playbackRateMax >= 1
        && playbackRateMax <= 2)) {
      throw new IllegalArgumentException("PlaybackRate needs 0 < min <= 1 <= max <= 2, was min="
          + playbackRateMin + " max=" + playbackRateMax);
    }
  }
}
