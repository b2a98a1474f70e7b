package io.headwater.ingest.server;

import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the RTMP server listens and what it accepts from each connection.
 *
 * @param bindAddress address to bind, e.g. the wildcard address or loopback
 * @param port TCP port; 0 picks any free port
 * @param handshakeTimeout time a client has to complete the handshake
 * @param readTimeout time without any byte after which a connection is closed
 * @param idleTimeout time without audio or video (before a publish: since the handshake) after
 *     which a connection is closed, so that a client sending only pings holds no slot
 * @param maxMessageSizeBytes largest RTMP message accepted
 * @param maxChunkSizeBytes largest Set Chunk Size accepted
 * @param maxChunkStreams most chunk streams one connection may open
 * @param maxConnections most connections open at once; more are closed on accept
 * @param maxConnectionsPerIp most connections open at once from one client address
 * @param maxPublishers most publishes at once; more get {@code NetStream.Publish.Failed}
 * @param ioThreads event-loop threads that serve publishing connections (1..64)
 */
public record RtmpServerConfig(InetAddress bindAddress, int port, Duration handshakeTimeout,
    Duration readTimeout, Duration idleTimeout, int maxMessageSizeBytes, int maxChunkSizeBytes,
    int maxChunkStreams, int maxConnections, int maxConnectionsPerIp, int maxPublishers,
    int ioThreads) {
  public static final int DEFAULT_PORT = 1935;
  /** Most event-loop threads accepted. */
  public static final int MAX_IO_THREADS = 64;

  public RtmpServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("rtmp port " + port + " outside 0..65535");
    }
    for (Duration d : new Duration[] {handshakeTimeout, readTimeout, idleTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("rtmp timeouts must be positive: handshake "
            + handshakeTimeout + ", read " + readTimeout + ", idle " + idleTimeout);
      }
    }
    if (maxConnections < 1 || maxConnectionsPerIp < 1 || maxPublishers < 1) {
      throw new IllegalArgumentException("rtmp limits must be at least 1: maxConnections "
          + maxConnections + ", maxConnectionsPerIp " + maxConnectionsPerIp + ", maxPublishers "
          + maxPublishers);
    }
    if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
      throw new IllegalArgumentException("rtmp ioThreads " + ioThreads + " outside 1.."
          + MAX_IO_THREADS);
    }
    new RtmpLimits(maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams); // validates
  }

  /** The default number of event-loop threads: the available processors, at most 4. */
  public static int defaultIoThreads() {
    return Math.min(4, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Port 1935 on every address, 10 s handshake, 30 s read and idle timeouts, default chunk
   * limits, 1000 connections of which 50 per address, 500 publishers, and
   * {@link #defaultIoThreads()} event loops.
   */
  public static RtmpServerConfig defaults() {
    return new RtmpServerConfig(wildcard(), DEFAULT_PORT, Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(30), RtmpLimits.DEFAULT.maxMessageSizeBytes(),
        RtmpLimits.DEFAULT.maxChunkSizeBytes(), RtmpLimits.DEFAULT.maxChunkStreams(), 1000, 50,
        500, defaultIoThreads());
  }

  /** The defaults bound to the loopback address on {@code port} (0 = any free port). */
  public static RtmpServerConfig loopback(int port) {
    return defaults().withBind(InetAddress.getLoopbackAddress(), port);
  }

  /** A copy listening on {@code address} and {@code newPort}. */
  public RtmpServerConfig withBind(InetAddress address, int newPort) {
    return new RtmpServerConfig(address, newPort, handshakeTimeout, readTimeout, idleTimeout,
        maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections,
        maxConnectionsPerIp, maxPublishers, ioThreads);
  }

  /** A copy with other handshake and read timeouts. */
  public RtmpServerConfig withTimeouts(Duration newHandshakeTimeout, Duration newReadTimeout) {
    return new RtmpServerConfig(bindAddress, port, newHandshakeTimeout, newReadTimeout,
        idleTimeout, maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections,
        maxConnectionsPerIp, maxPublishers, ioThreads);
  }

  /** A copy with another idle (no media) timeout. */
  public RtmpServerConfig withIdleTimeout(Duration newIdleTimeout) {
    return new RtmpServerConfig(bindAddress, port, handshakeTimeout, readTimeout,
        newIdleTimeout, maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections,
        maxConnectionsPerIp, maxPublishers, ioThreads);
  }

  /** A copy with other connection and publisher limits. */
  public RtmpServerConfig withConnectionLimits(int newMaxConnections, int newMaxPerIp,
      int newMaxPublishers) {
    return new RtmpServerConfig(bindAddress, port, handshakeTimeout, readTimeout, idleTimeout,
        maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, newMaxConnections, newMaxPerIp,
        newMaxPublishers, ioThreads);
  }

  /** A copy with another largest message size. */
  public RtmpServerConfig withMaxMessageSize(int newMaxMessageSizeBytes) {
    return new RtmpServerConfig(bindAddress, port, handshakeTimeout, readTimeout, idleTimeout,
        newMaxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections,
        maxConnectionsPerIp, maxPublishers, ioThreads);
  }

  /** A copy with another number of event-loop threads. */
  public RtmpServerConfig withIoThreads(int newIoThreads) {
    return new RtmpServerConfig(bindAddress, port, handshakeTimeout, readTimeout, idleTimeout,
        maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections,
        maxConnectionsPerIp, maxPublishers, newIoThreads);
  }

  /** The chunk-layer limits of this configuration. */
  public RtmpLimits limits() {
    return new RtmpLimits(maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams);
  }

  private static InetAddress wildcard() {
    return new java.net.InetSocketAddress(0).getAddress();
  }
}
