package io.headwater.ingest.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The publish webhook ({@code apps.APP.publish.webhook} in the YAML file).
 *
 * @param url where the form is POSTed; http or https
 * @param timeout how long to wait for the answer (connect plus response); past it, the publish
 *     is denied
 */
public record HttpCallbackConfig(URI url, Duration timeout) {
  /** The timeout when none is configured. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public HttpCallbackConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("publish webhook url must be http or https: " + url);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("publish webhook timeout must be positive: " + timeout);
    }
  }
}
