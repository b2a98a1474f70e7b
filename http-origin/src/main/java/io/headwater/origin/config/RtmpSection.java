package io.headwater.origin.config;

import io.headwater.ingest.server.RtmpServerConfig;

/**
 * {@code rtmp}: the RTMP listener.
 *
 * @param port TCP port, default 1935; 0 picks any free port
 * @param tls the RTMPS listener (port default 443, certificate, privateKey); absent by default
 * @param ioThreads event-loop threads that read publishing connections, default the available
 *     processors up to 4, 1..64
 */
public record RtmpSection(Integer port, TlsSection tls, Integer ioThreads) {
  public static final int DEFAULT_PORT = 1935;

  public RtmpSection {
    port = Check.orDefault(port, DEFAULT_PORT);
    Check.range("port", port, 0, 65535);
    tls = tls == null ? null : tls.checkedForRtmps();
    ioThreads = Check.orDefault(ioThreads, RtmpServerConfig.defaultIoThreads());
    Check.range("ioThreads", ioThreads, 1, RtmpServerConfig.MAX_IO_THREADS);
  }

  static RtmpSection defaults() {
    return new RtmpSection(null, null, null);
  }
}
