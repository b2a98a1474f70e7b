package io.headwater.manifest.dash;

import java.time.Duration;
import java.util.Objects;

/**
 * The live-service settings written into a dynamic MPD (ISO/IEC 23009-1 Table 3).
 *
 * @param minimumUpdatePeriod how long each MPD version stays valid (MPD@minimumUpdatePeriod)
 * @param minBufferTime MPD@minBufferTime; not the presentation delay (DASH-IF timing model)
 * @param suggestedPresentationDelay how far behind the live edge players should play
 * @param timeShiftBufferDepth how far back the listed segments reach
 * @param utcTimingUrl absolute or MPD-relative URL of the origin's ISO 8601 clock (/time)
 * @param lowLatency the low-latency DASH signalling, or null for a standard live MPD
 */
public record DashOptions(
    Duration minimumUpdatePeriod,
    Duration minBufferTime,
    Duration suggestedPresentationDelay,
    Duration timeShiftBufferDepth,
    String utcTimingUrl,
    LowLatencyDash lowLatency) {
  /** Options of a standard (not low-latency) live MPD. */
  public DashOptions(Duration minimumUpdatePeriod, Duration minBufferTime,
      Duration suggestedPresentationDelay, Duration timeShiftBufferDepth, String utcTimingUrl) {
    this(minimumUpdatePeriod, minBufferTime, suggestedPresentationDelay, timeShiftBufferDepth,
        utcTimingUrl, null);
  }

  public DashOptions {
    positive(minimumUpdatePeriod, "minimumUpdatePeriod");
    positive(minBufferTime, "minBufferTime");
    positive(suggestedPresentationDelay, "suggestedPresentationDelay");
    positive(timeShiftBufferDepth, "timeShiftBufferDepth");
    Objects.requireNonNull(utcTimingUrl, "utcTimingUrl");
    if (utcTimingUrl.isBlank()) {
      throw new IllegalArgumentException("utcTimingUrl is blank");
    }
    // DASH-IF timing model: the delay SHALL NOT leave an effective time-shift buffer <= 0.
    if (suggestedPresentationDelay.compareTo(timeShiftBufferDepth) >= 0) {
      throw new IllegalArgumentException("suggestedPresentationDelay " + suggestedPresentationDelay
          + " leaves no time-shift buffer (timeShiftBufferDepth " + timeShiftBufferDepth + ")");
    }
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
