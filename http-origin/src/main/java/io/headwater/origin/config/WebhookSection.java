package io.headwater.origin.config;

import java.time.Duration;

/**
 * {@code apps.NAME.publish.webhook}: asks a URL whether to accept a publish. Not built yet:
 * {@code url} must stay null.
 *
 * @param url the webhook URL, default null (none)
 * @param timeout how long to wait for its answer, default 2s
 */
public record WebhookSection(String url, Duration timeout) {
  public WebhookSection {
    timeout = Check.orDefault(timeout, Duration.ofSeconds(2));
    Check.range("timeout", timeout, Duration.ofMillis(100), Duration.ofSeconds(30));
    Check.off("url", url, null);
  }

  static WebhookSection defaults() {
    return new WebhookSection(null, null);
  }
}
