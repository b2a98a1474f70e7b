package io.headwater.origin.config;

/**
 * {@code limits}: what one origin accepts from encoders.
 *
 * @param maxConnections RTMP connections open at once, default 1000, 1..100000; more are
 *     refused on accept
 * @param maxPublishers publishing streams at once; not supported yet, must be absent (no limit)
 * @param maxConnectionsPerIp RTMP connections per client address; not supported yet, must be
 *     absent
 * @param maxIngestBitrate ingest bitrate per publisher; not supported yet, must be absent
 */
public record LimitsSection(Integer maxConnections, Integer maxPublishers,
    Integer maxConnectionsPerIp, Bitrate maxIngestBitrate) {
  public static final int DEFAULT_MAX_CONNECTIONS = 1000;

  public LimitsSection {
    maxConnections = Check.orDefault(maxConnections, DEFAULT_MAX_CONNECTIONS);
    Check.range("maxConnections", maxConnections, 1, 100_000);
    Check.off("maxPublishers", maxPublishers, null);
    Check.off("maxConnectionsPerIp", maxConnectionsPerIp, null);
    Check.off("maxIngestBitrate", maxIngestBitrate, null);
  }

  static LimitsSection defaults() {
    return new LimitsSection(null, null, null, null);
  }
}
