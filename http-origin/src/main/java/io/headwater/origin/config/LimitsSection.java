package io.headwater.origin.config;

import java.time.Duration;

/**
 * {@code limits}: what one origin accepts from encoders and HTTP clients. Connections over a
 * limit are closed on accept; a publish over maxPublishers gets {@code NetStream.Publish.Failed};
 * a publisher above maxIngestBitrate for a whole ingestBitrateWindow is disconnected.
 *
 * @param maxConnections RTMP connections open at once, default 1000, 1..100000
 * @param maxPublishers streams being published at once, default 500, 1..100000
 * @param maxConnectionsPerIp RTMP connections open at once from one client address, default 50,
 *     1..100000
 * @param maxIngestBitrate audio and video bitrate one publisher may send, averaged over
 *     ingestBitrateWindow; default null (no limit), at least 10k
 * @param ingestBitrateWindow the window maxIngestBitrate is averaged over, default 10s, 1s..5m
 * @param http per-client HTTP limits: request rate, header size and count, slow-client timeouts
 */
public record LimitsSection(Integer maxConnections, Integer maxPublishers,
    Integer maxConnectionsPerIp, Bitrate maxIngestBitrate, Duration ingestBitrateWindow,
    HttpLimitsSection http) {
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final int DEFAULT_MAX_PUBLISHERS = 500;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 50;
  public static final Duration DEFAULT_INGEST_BITRATE_WINDOW = Duration.ofSeconds(10);

  public LimitsSection {
    maxConnections = Check.orDefault(maxConnections, DEFAULT_MAX_CONNECTIONS);
    maxPublishers = Check.orDefault(maxPublishers, DEFAULT_MAX_PUBLISHERS);
    maxConnectionsPerIp = Check.orDefault(maxConnectionsPerIp, DEFAULT_MAX_CONNECTIONS_PER_IP);
    ingestBitrateWindow = Check.orDefault(ingestBitrateWindow, DEFAULT_INGEST_BITRATE_WINDOW);
    http = Check.orDefault(http, HttpLimitsSection.defaults());
    Check.range("maxConnections", maxConnections, 1, 100_000);
    Check.range("maxPublishers", maxPublishers, 1, 100_000);
    Check.range("maxConnectionsPerIp", maxConnectionsPerIp, 1, 100_000);
    if (maxIngestBitrate != null && maxIngestBitrate.bitsPerSecond() < 10_000) {
      throw InvalidValueException.of("maxIngestBitrate", maxIngestBitrate.toString(),
          "a bitrate of at least 10k, e.g. 8M");
    }
    Check.range("ingestBitrateWindow", ingestBitrateWindow, Duration.ofSeconds(1),
        Duration.ofMinutes(5));
  }

  static LimitsSection defaults() {
    return new LimitsSection(null, null, null, null, null, null);
  }
}
