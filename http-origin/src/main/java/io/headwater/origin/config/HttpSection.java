package io.headwater.origin.config;

/**
 * {@code http}: the HTTP listener, and optionally an HTTPS one.
 *
 * @param port TCP port, default 8080; 0 picks any free port
 * @param tls the HTTPS listener (port default 8443, certificate, privateKey); absent by default
 * @param cors the CORS policy
 */
public record HttpSection(Integer port, TlsSection tls, CorsSection cors) {
  public static final int DEFAULT_PORT = 8080;

  public HttpSection {
    port = Check.orDefault(port, DEFAULT_PORT);
    Check.range("port", port, 0, 65535);
    tls = tls == null ? null : tls.checkedForHttps();
    cors = Check.orDefault(cors, CorsSection.defaults());
  }

  static HttpSection defaults() {
    return new HttpSection(null, null, null);
  }
}
