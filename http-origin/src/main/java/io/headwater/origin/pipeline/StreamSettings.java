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
 * @param partTarget the LL-HLS part target (EXT-X-PART-INF:PART-TARGET), or {@link
 *     Duration#ZERO} to turn low latency off (one CMAF chunk per segment, no parts; the
 *     four-argument constructor)
 */
public record StreamSettings(
    Duration segmentDuration, int playlistSegments, Duration reconnectGrace,
    Duration endedRetention, Duration partTarget) {
  /**
   * The default LL-HLS part target: 340 ms is ten frames at 30 fps (eight at 24, twenty at 60),
   * so keyframe intervals of whole seconds at those rates are whole parts, and 2 s of 48 kHz AAC
   * is six parts of 14 frames and a last one of about 10. At 25 and 50 fps a 2 s keyframe
   * interval ends on a short last part; a 1 s interval leaves a short part before each mid-
   * segment keyframe.
   */
  public static final Duration DEFAULT_PART_TARGET = Duration.ofMillis(340);

  /**
   * The defaults: 2 s segments, 6 per playlist, 30 s reconnect grace, 5 min retention, low
   * latency on with {@link #DEFAULT_PART_TARGET} parts (LL-HLS and low-latency DASH; players
   * and caches that do not do them ask for plain manifests with {@code ll=off}).
   */
  public static final StreamSettings DEFAULTS = new StreamSettings(Duration.ofSeconds(2), 6,
      Duration.ofSeconds(30), Duration.ofMinutes(5), DEFAULT_PART_TARGET);

  /** Settings with low latency off. */
  public StreamSettings(Duration segmentDuration, int playlistSegments, Duration reconnectGrace,
      Duration endedRetention) {
    this(segmentDuration, playlistSegments, reconnectGrace, endedRetention, Duration.ZERO);
  }

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
    Objects.requireNonNull(partTarget, "partTarget");
    if (!partTarget.isZero() && (partTarget.toMillis() < 100
        || partTarget.compareTo(segmentDuration.dividedBy(2)) > 0)) {
      throw new IllegalArgumentException("partTarget must be 0 (low latency off) or between "
          + "100ms and half the segment duration, was " + partTarget);
    }
  }

  /** The same settings with another part target ({@link Duration#ZERO}: low latency off). */
  public StreamSettings withPartTarget(Duration target) {
    return new StreamSettings(segmentDuration, playlistSegments, reconnectGrace, endedRetention,
        target);
  }

  public boolean lowLatency() {
    return !partTarget.isZero();
  }

  /** The part target in microseconds; 0 when low latency is off. */
  public long partTargetMicros() {
    return partTarget.toNanos() / 1_000;
  }

  public long segmentDuration90k() {
    return segmentDuration.toMillis() * 90;
  }
}
