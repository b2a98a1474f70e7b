package io.headwater.origin;

import io.headwater.ingest.server.RtmpServerConfig;

/**
 * How many RTMP connections and publishes the origin accepts (config {@code limits}), and how
 * many event-loop threads read the publishers (config {@code rtmp.ioThreads}).
 *
 * @param maxConnections RTMP connections open at once; more are closed on accept
 * @param maxConnectionsPerIp RTMP connections open at once from one client address
 * @param maxPublishers streams being published at once; more get NetStream.Publish.Failed
 * @param ioThreads event-loop threads serving publishing connections
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerIp, int maxPublishers,
    int ioThreads) {
  /** The ingest's defaults: 1000 connections, 50 per address, 500 publishers. */
  public static final ConnectionLimits DEFAULTS = of(RtmpServerConfig.defaults());

  public ConnectionLimits {
    if (maxConnections < 1 || maxConnectionsPerIp < 1 || maxPublishers < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1: "
          + maxConnections + ", " + maxConnectionsPerIp + ", " + maxPublishers + ", "
          + ioThreads);
    }
  }

  /** These limits with the default number of event-loop threads. */
  public ConnectionLimits(int maxConnections, int maxConnectionsPerIp, int maxPublishers) {
    this(maxConnections, maxConnectionsPerIp, maxPublishers,
        RtmpServerConfig.defaultIoThreads());
  }

  private static ConnectionLimits of(RtmpServerConfig c) {
    return new ConnectionLimits(c.maxConnections(), c.maxConnectionsPerIp(), c.maxPublishers(),
        c.ioThreads());
  }

  /** {@code base} with these limits. */
  public RtmpServerConfig applyTo(RtmpServerConfig base) {
    return base.withConnectionLimits(maxConnections, maxConnectionsPerIp, maxPublishers)
        .withIoThreads(ioThreads);
  }
}
