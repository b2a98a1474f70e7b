package io.headwater.origin.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.headwater.origin.pipeline.StreamSettings;
import java.time.Duration;
import java.util.List;

/**
 * {@code apps.NAME}: how the streams of one RTMP application are packaged. Applications that are
 * not listed use the defaults.
 *
 * @param segmentDuration target segment duration, default 2s, 100ms..60s
 * @param playlistSegments segments in a live playlist, default 6, 3..1000 (RFC 8216 6.2.2 wants
 *     at least three target durations)
 * @param reconnectGrace how long a stream waits for its publisher to return, default 30s, 0s..1h
 * @param lowLatency LL-HLS parts and low-latency DASH, on by default with a 0.34s part target;
 *     the part target must not exceed half of segmentDuration; without a lowLatency section,
 *     segments shorter than two default parts turn low latency off instead
 * @param dvrWindow time-shift window, default 0s, 0s..7d: when positive the application's streams
 *     are recorded, and their live playlists and MPD list that much recent media (older segments
 *     read back from the recording)
 * @param dvrEvent whole-event DVR, default false: the application's streams are recorded and
 *     their live playlists list the whole event (EXT-X-PLAYLIST-TYPE:EVENT); needs dvrWindow 0s
 * @param recording {@code record}: false (default), true (every stream), or a glob over stream
 *     names such as {@code show-*}; recordings go to {@code dataDir/recordings}
 * @param renditions ABR rendition suffixes, separator included (e.g. {@code [-hd, -sd]}); empty
 *     (default): {@code NAME_ANYTHING} is a rendition of group {@code NAME}
 * @param transcode the server-side transcoding ladder, off by default
 * @param publish who may publish: keys, signed URLs, webhook, address lists
 * @param playback who may play: signed tokens, address lists
 */
public record AppConfig(
    Duration segmentDuration,
    Integer playlistSegments,
    Duration reconnectGrace,
    LowLatencySection lowLatency,
    Duration dvrWindow,
    Boolean dvrEvent,
    @JsonProperty("record") String recording,
    List<String> renditions,
    TranscodeSection transcode,
    PublishSection publish,
    PlaybackSection playback) {
  public AppConfig {
    segmentDuration = Check.orDefault(segmentDuration, StreamSettings.DEFAULTS.segmentDuration());
    playlistSegments = Check.orDefault(playlistSegments,
        StreamSettings.DEFAULTS.playlistSegments());
    reconnectGrace = Check.orDefault(reconnectGrace, StreamSettings.DEFAULTS.reconnectGrace());
    boolean lowLatencyByDefault = lowLatency == null;
    lowLatency = Check.orDefault(lowLatency, LowLatencySection.defaults());
    dvrWindow = Check.orDefault(dvrWindow, Duration.ZERO);
    dvrEvent = Check.orDefault(dvrEvent, false);
    recording = Check.orDefault(recording, "false");
    renditions = List.copyOf(Check.orDefault(renditions, List.of()));
    transcode = Check.orDefault(transcode, TranscodeSection.defaults());
    publish = Check.orDefault(publish, PublishSection.defaults());
    playback = Check.orDefault(playback, PlaybackSection.defaults());
    Check.range("segmentDuration", segmentDuration, Duration.ofMillis(100),
        Duration.ofSeconds(60));
    Check.range("playlistSegments", playlistSegments, 3, 1000);
    Check.range("reconnectGrace", reconnectGrace, Duration.ZERO, Duration.ofHours(1));
    Duration maxPart = segmentDuration.dividedBy(2);
    if (lowLatencyByDefault && lowLatency.partTarget().compareTo(maxPart) > 0) {
      // Segments too short for two default parts and no lowLatency section: plain HLS/DASH
      // rather than an error about a setting nobody wrote.
      lowLatency = new LowLatencySection(false, null);
    }
    if (lowLatency.enabled() && lowLatency.partTarget().compareTo(maxPart) > 0) {
      // A part is at most PART-TARGET long (draft-pantos-hls-rfc8216bis 4.4.4.9); a segment needs
      // room for at least two of them, which is also what StreamSettings requires.
      throw InvalidValueException.of("lowLatency.partTarget",
          Durations.format(lowLatency.partTarget()), "a duration from 100ms to half the "
              + "segmentDuration (" + Durations.format(maxPart) + "), "
              + "or lowLatency.enabled: false");
    }
    Check.range("dvrWindow", dvrWindow, Duration.ZERO, Duration.ofDays(7));
    if (dvrEvent && !dvrWindow.isZero()) {
      throw InvalidValueException.of("dvrEvent", "true",
          "false while dvrWindow is set (" + Durations.format(dvrWindow) + "): a playlist keeps "
              + "either a window or the whole event");
    }
    if (!recording.matches("true|false|[A-Za-z0-9._*?-]{1,64}")) {
      throw InvalidValueException.of("record", recording,
          "true, false, or a stream-name pattern of A-Z a-z 0-9 . _ - with * and ?");
    }
    for (String suffix : renditions) {
      if (suffix == null || !suffix.matches("[A-Za-z0-9._-]{1,32}")) {
        throw InvalidValueException.of("renditions", String.valueOf(suffix),
            "suffixes of 1 to 32 of A-Z a-z 0-9 . _ -");
      }
    }
  }

  /** Every key at its default. */
  public static AppConfig defaults() {
    return new AppConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The packaging settings of the pipeline; a zero part target when low latency is off. */
  public StreamSettings streamSettings() {
    return new StreamSettings(segmentDuration, playlistSegments, reconnectGrace,
        StreamSettings.DEFAULTS.endedRetention(),
        lowLatency.enabled() ? lowLatency.partTarget() : Duration.ZERO);
  }
}
