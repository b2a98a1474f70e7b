package io.headwater.origin.config;

/**
 * {@code http}: the HTTP listener.
 *
 * @param port TCP port, default 8080; 0 picks any free port
 * @param tls HTTPS listener; not supported yet, must be absent
 * @param cors the CORS policy
 */
public record HttpSection(Integer port, TlsSection tls, CorsSection cors) {
  public static final int DEFAULT_PORT = 8080;

  public HttpSection {
    port = Check.orDefault(port, DEFAULT_PORT);
    Check.range("port", port, 0, 65535);
    Check.absent("tls", tls);
    cors = Check.orDefault(cors, CorsSection.defaults());
  }

  static HttpSection defaults() {
    return new HttpSection(null, null, null);
  }
}
