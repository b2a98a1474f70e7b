package io.headwater.origin.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * Packaging settings of one RTMP application (DESIGN.md, configuration {@code apps.NAME}).
 *
 * @param segmentDuration the target segment duration; segments are cut at the first keyframe at
 *     or after it
 * @param playlistSegments how many segments a live playlist lists
 * @param reconnectGrace how long a stream whose publisher left waits for it to come back before
 *     the stream ends
 * @param endedRetention how long an ended stream stays served (playlists with ENDLIST, segments)
 *     before its memory is released
 */
public record StreamSettings(
    Duration segmentDuration, int playlistSegments, Duration reconnectGrace,
    Duration endedRetention) {
  public static final StreamSettings DEFAULTS =
      new StreamSettings(Duration.ofSeconds(2), 6, Duration.ofSeconds(30), Duration.ofMinutes(5));

  public StreamSettings {
    Objects.requireNonNull(segmentDuration, "segmentDuration");
    Objects.requireNonNull(reconnectGrace, "reconnectGrace");
    Objects.requireNonNull(endedRetention, "endedRetention");
    if (segmentDuration.toMillis() < 100 || segmentDuration.toSeconds() > 60) {
      throw new IllegalArgumentException("segmentDuration must be between 100ms and 60s, was "
          + segmentDuration);
    }
    if (playlistSegments < 3) {
      // RFC 8216 6.2.2: a live playlist must not be shorter than three target durations.
      throw new IllegalArgumentException("playlistSegments must be at least 3, was "
          + playlistSegments);
    }
    if (reconnectGrace.isNegative() || endedRetention.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }

  public long segmentDuration90k() {
    return segmentDuration.toMillis() * 90;
  }
}
