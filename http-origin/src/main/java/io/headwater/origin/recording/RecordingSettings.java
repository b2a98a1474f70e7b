package io.headwater.origin.recording;

import io.headwater.origin.config.AppConfig;
import io.headwater.origin.config.HeadwaterConfig;
import io.headwater.origin.config.RetentionSection;
import io.headwater.storage.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the origin records: where, what, and how long recordings are kept. Recordings live in
 * {@code DATADIR/recordings/APP/STREAM/EPOCH/}.
 *
 * @param dataDir the data directory ({@code dataDir}, {@code --data-dir})
 * @param policy which streams are recorded ({@code apps.NAME.record})
 * @param maxAge recordings that started longer ago are deleted ({@code
 *     recordings.retention.maxAge}); zero keeps them forever
 * @param maxSizeBytes the oldest finished recordings are deleted while all recordings together
 *     are larger ({@code recordings.retention.maxSize}); zero means no limit
 * @param durability the fsync policy of recorded files
 * @param maxQueuedBytes bytes a recording may have waiting for its writer thread before it is
 *     dropped as too slow (the disk cannot keep up)
 * @param dvrWindows the time-shift window by RTMP application ({@code apps.NAME.dvrWindow}):
 *     while recording, {@code /vod/APP/STREAM/EPOCH/} is a live playlist of that much recent
 *     media; without an entry (or zero) it is an EVENT playlist of the whole recording. With a
 *     window the application's live playlists list it too
 * @param dvrEvents applications whose live playlists list the whole event ({@code
 *     apps.NAME.dvrEvent}, EXT-X-PLAYLIST-TYPE:EVENT)
 * @param mediaCacheMaxBytes the bound of the packaged media-folder files in {@code
 *     DATADIR/cache/vod/} ({@code recordings.mediaCache.maxSize}); zero means no bound
 */
public record RecordingSettings(
    Path dataDir,
    RecordPolicy policy,
    Duration maxAge,
    long maxSizeBytes,
    Durability durability,
    long maxQueuedBytes,
    Map<String, Duration> dvrWindows,
    Set<String> dvrEvents,
    long mediaCacheMaxBytes) {
  /** 64 MiB: tens of seconds of a high-bitrate stream. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 64L << 20;

  /** Records nothing; the data directory is still where recordings made earlier are served from. */
  public static final RecordingSettings OFF = new RecordingSettings(Path.of("data"),
      RecordPolicy.NONE, Duration.ofDays(30), 100L << 30, Durability.FSYNC,
      DEFAULT_MAX_QUEUED_BYTES, Map.of(), Set.of(), 10L << 30);

  public RecordingSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(durability, "durability");
    if (maxAge.isNegative() || maxSizeBytes < 0 || maxQueuedBytes <= 0
        || mediaCacheMaxBytes < 0) {
      throw new IllegalArgumentException("negative retention or queue bound");
    }
    dvrWindows = Map.copyOf(dvrWindows);
    dvrEvents = Set.copyOf(dvrEvents);
    for (Duration window : dvrWindows.values()) {
      if (window.isNegative()) {
        throw new IllegalArgumentException("negative DVR window " + window);
      }
    }
  }

  /**
   * The settings of a configuration file: {@code dataDir}, {@code apps.NAME.record} (an
   * application without the key records nothing) and {@code recordings.retention.maxAge} and
   * {@code .maxSize}.
   */
  public static RecordingSettings from(HeadwaterConfig config) {
    Map<String, String> byApp = new HashMap<>();
    Map<String, Duration> dvr = new HashMap<>();
    Set<String> events = new HashSet<>();
    for (Map.Entry<String, AppConfig> e : config.apps().entrySet()) {
      String record = e.getValue().recording();
      Duration window = e.getValue().dvrWindow();
      if (!window.isZero()) {
        dvr.put(e.getKey(), window);
        // The time-shift window is served from the recording, so DVR records every stream.
        record = "true";
      }
      if (e.getValue().dvrEvent()) {
        events.add(e.getKey());
        record = "true";
      }
      byApp.put(e.getKey(), record);
    }
    RetentionSection retention = config.recordings().retention();
    return OFF.withDataDir(Path.of(config.dataDir()))
        .withPolicy(new RecordPolicy(byApp, "false"))
        .withRetention(retention.maxAge(), retention.maxSize().bytes())
        .withDvrWindows(dvr)
        .withDvrEvents(events)
        .withMediaCacheMaxBytes(config.recordings().mediaCache().maxSize().bytes());
  }

  /** The DVR window of {@code app}'s streams; zero for whole-event time shift. */
  public Duration dvrWindow(String app) {
    return dvrWindows.getOrDefault(app, Duration.ZERO);
  }

  /**
   * The time shift of {@code app}'s live playlists: its DVR window, zero for the whole event, or
   * empty when they list only the live window.
   */
  public Optional<Duration> liveTimeShift(String app) {
    Duration window = dvrWindow(app);
    if (!window.isZero()) {
      return Optional.of(window);
    }
    return dvrEvents.contains(app) ? Optional.of(Duration.ZERO) : Optional.empty();
  }

  public RecordingSettings withDvrWindows(Map<String, Duration> byApp) {
    return new RecordingSettings(dataDir, policy, maxAge, maxSizeBytes, durability,
        maxQueuedBytes, byApp, dvrEvents, mediaCacheMaxBytes);
  }

  /** Applications whose live playlists list the whole event; their streams are recorded. */
  public RecordingSettings withDvrEvents(Set<String> apps) {
    return new RecordingSettings(dataDir, policy, maxAge, maxSizeBytes, durability,
        maxQueuedBytes, dvrWindows, apps, mediaCacheMaxBytes);
  }

  /** The bound of the media-folder cache in bytes; zero for none. */
  public RecordingSettings withMediaCacheMaxBytes(long bytes) {
    return new RecordingSettings(dataDir, policy, maxAge, maxSizeBytes, durability,
        maxQueuedBytes, dvrWindows, dvrEvents, bytes);
  }

  /** The directory of all recordings. */
  public Path recordingsDir() {
    return dataDir.resolve("recordings");
  }

  public RecordingSettings withDataDir(Path dir) {
    return new RecordingSettings(dir, policy, maxAge, maxSizeBytes, durability,
        maxQueuedBytes, dvrWindows, dvrEvents, mediaCacheMaxBytes);
  }

  public RecordingSettings withPolicy(RecordPolicy p) {
    return new RecordingSettings(dataDir, p, maxAge, maxSizeBytes, durability,
        maxQueuedBytes, dvrWindows, dvrEvents, mediaCacheMaxBytes);
  }

  public RecordingSettings withRetention(Duration age, long sizeBytes) {
    return new RecordingSettings(dataDir, policy, age, sizeBytes, durability,
        maxQueuedBytes, dvrWindows, dvrEvents, mediaCacheMaxBytes);
  }

  public RecordingSettings withDurability(Durability d) {
    return new RecordingSettings(dataDir, policy, maxAge, maxSizeBytes, d,
        maxQueuedBytes, dvrWindows, dvrEvents, mediaCacheMaxBytes);
  }

  public RecordingSettings withMaxQueuedBytes(long bytes) {
    return new RecordingSettings(dataDir, policy, maxAge, maxSizeBytes, durability,
        bytes, dvrWindows, dvrEvents, mediaCacheMaxBytes);
  }
}
