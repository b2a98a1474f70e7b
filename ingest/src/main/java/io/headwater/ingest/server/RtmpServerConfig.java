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
 * @param maxMessageSizeBytes largest RTMP message accepted
 * @param maxChunkSizeBytes largest Set Chunk Size accepted
 * @param maxChunkStreams most chunk streams one connection may open
 * @param maxConnections most connections open at once; more are closed on accept
 */
public record RtmpServerConfig(InetAddress bindAddress, int port, Duration handshakeTimeout,
    Duration readTimeout, int maxMessageSizeBytes, int maxChunkSizeBytes, int maxChunkStreams,
    int maxConnections) {
  public static final int DEFAULT_PORT = 1935;

  public RtmpServerConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("rtmp port " + port + " outside 0..65535");
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()
        || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("rtmp timeouts must be positive: handshake "
          + handshakeTimeout + ", read " + readTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections " + maxConnections + " < 1");
    }
    new RtmpLimits(maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams); // validates
  }

  /** Port 1935 on every address, 10 s handshake, 30 s read timeout, default limits. */
  public static RtmpServerConfig defaults() {
    return new RtmpServerConfig(wildcard(), DEFAULT_PORT, Duration.ofSeconds(10),
        Duration.ofSeconds(30), RtmpLimits.DEFAULT.maxMessageSizeBytes(),
        RtmpLimits.DEFAULT.maxChunkSizeBytes(), RtmpLimits.DEFAULT.maxChunkStreams(), 1000);
  }

  /** The defaults bound to the loopback address on {@code port} (0 = any free port). */
  public static RtmpServerConfig loopback(int port) {
    return defaults().withBind(InetAddress.getLoopbackAddress(), port);
  }

  /** A copy listening on {@code address} and {@code newPort}. */
  public RtmpServerConfig withBind(InetAddress address, int newPort) {
    return new RtmpServerConfig(address, newPort, handshakeTimeout, readTimeout,
        maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections);
  }

  /** A copy with other timeouts. */
  public RtmpServerConfig withTimeouts(Duration newHandshakeTimeout, Duration newReadTimeout) {
    return new RtmpServerConfig(bindAddress, port, newHandshakeTimeout, newReadTimeout,
        maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams, maxConnections);
  }

  /** The chunk-layer limits of this configuration. */
  public RtmpLimits limits() {
    return new RtmpLimits(maxMessageSizeBytes, maxChunkSizeBytes, maxChunkStreams);
  }

  private static InetAddress wildcard() {
    return new java.net.InetSocketAddress(0).getAddress();
  }
}
