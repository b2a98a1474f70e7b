package io.headwater.origin.config;

/**
 * {@code limits}: what one origin accepts from encoders. Connections over a limit are closed on
 * accept; a publish over maxPublishers gets {@code NetStream.Publish.Failed}.
 *
 * @param maxConnections RTMP connections open at once, default 1000, 1..100000
 * @param maxPublishers streams being published at once, default 500, 1..100000
 * @param maxConnectionsPerIp RTMP connections open at once from one client address, default 50,
 *     1..100000
 * @param maxIngestBitrate ingest bitrate per publisher; not supported yet, must be absent
 */
public record LimitsSection(Integer maxConnections, Integer maxPublishers,
    Integer maxConnectionsPerIp, Bitrate maxIngestBitrate) {
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;
  public static final int DEFAULT_MAX_PUBLISHERS = 500;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 50;

  public LimitsSection {
    maxConnections = Check.orDefault(maxConnections, DEFAULT_MAX_CONNECTIONS);
    maxPublishers = Check.orDefault(maxPublishers, DEFAULT_MAX_PUBLISHERS);
    maxConnectionsPerIp = Check.orDefault(maxConnectionsPerIp, DEFAULT_MAX_CONNECTIONS_PER_IP);
    Check.range("maxConnections", maxConnections, 1, 100_000);
    Check.range("maxPublishers", maxPublishers, 1, 100_000);
    Check.range("maxConnectionsPerIp", maxConnectionsPerIp, 1, 100_000);
    Check.off("maxIngestBitrate", maxIngestBitrate, null);
  }

  static LimitsSection defaults() {
    return new LimitsSection(null, null, null, null);
  }
}
