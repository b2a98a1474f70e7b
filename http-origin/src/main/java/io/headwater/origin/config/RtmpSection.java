package io.headwater.origin.config;

/**
 * {@code rtmp}: the RTMP listener.
 *
 * @param port TCP port, default 1935; 0 picks any free port
 * @param tls the RTMPS listener (port default 443, certificate, privateKey); absent by default
 */
public record RtmpSection(Integer port, TlsSection tls) {
  public static final int DEFAULT_PORT = 1935;

  public RtmpSection {
    port = Check.orDefault(port, DEFAULT_PORT);
    Check.range("port", port, 0, 65535);
    tls = tls == null ? null : tls.checkedForRtmps();
  }

  static RtmpSection defaults() {
    return new RtmpSection(null, null);
  }
}
