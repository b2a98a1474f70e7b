package io.headwater.origin;

import io.headwater.ingest.server.RtmpServerConfig;

/**
 * How many RTMP connections and publishes the origin accepts (config {@code limits}).
 *
 * @param maxConnections RTMP connections open at once; more are closed on accept
 * @param maxConnectionsPerIp RTMP connections open at once from one client address
 * @param maxPublishers streams being published at once; more get NetStream.Publish.Failed
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, int maxPublishers) {
  /** The ingest's defaults: 1000 connections, 50 per address, 500 publishers. */
  public static final ConnectionLimits DEFAULTS = of(RtmpServerConfig.defaults());

  public ConnectionLimits {
    if (maxConnections < 1 || maxConnectionsPerIp < 1 || maxPublishers < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1: "
          + maxConnections + ", " + maxConnectionsPerIp + ", " + maxPublishers);
    }
  }

  private static ConnectionLimits of(RtmpServerConfig c) {
    return new ConnectionLimits(c.maxConnections(), c.maxConnectionsPerIp(), c.maxPublishers());
  }

  /** {@code base} with these limits. */
  public RtmpServerConfig applyTo(RtmpServerConfig base) {
    return base.withConnectionLimits(maxConnections, maxConnectionsPerIp, maxPublishers);
  }
}
