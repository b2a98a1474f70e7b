package io.headwater.origin.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * {@code apps.NAME.publish.webhook}: asks a URL whether to accept a publish (a form POST like
 * nginx-rtmp's {@code on_publish}; 2xx allows).
 *
 * @param url the webhook URL, http or https; default null (none)
 * @param timeout how long to wait for its answer, default 2s, 100ms..30s; past it, denied
 */
public record WebhookSection(String url, Duration timeout) {
  public WebhookSection {
    timeout = Check.orDefault(timeout, Duration.ofSeconds(2));
    Check.range("timeout", timeout, Duration.ofMillis(100), Duration.ofSeconds(30));
    if (url != null) {
      try {
        URI uri = new URI(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new URISyntaxException(url, "not an absolute http or https URL");
        }
      } catch (URISyntaxException e) {
        throw InvalidValueException.of("url", url, "an http:// or https:// URL");
      }
    }
  }

  static WebhookSection defaults() {
    return new WebhookSection(null, null);
  }
}
