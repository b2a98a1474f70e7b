package io.headwater.origin.config;

/**
 * {@code rtmp}: the RTMP listener.
 *
 * @param port TCP port, default 1935; 0 picks any free port
 * @param tls RTMPS listener; not supported yet, must be absent
 */
public record RtmpSection(Integer port, TlsSection tls) {
  public static final int DEFAULT_PORT = 1935;

  public RtmpSection {
    port = Check.orDefault(port, DEFAULT_PORT);
    Check.range("port", port, 0, 65535);
    Check.absent("tls", tls);
  }

  static RtmpSection defaults() {
    return new RtmpSection(null, null);
  }
}
