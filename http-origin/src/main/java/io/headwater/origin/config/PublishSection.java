package io.headwater.origin.config;

import java.util.Map;

/**
 * {@code apps.NAME.publish}: publisher authentication. Not built yet: every key keeps its
 * default (no keys, no webhook, no signing secret), so publishing is open.
 *
 * @param keys stream name to key, checked against {@code ?key=}; default empty
 * @param webhook the publish webhook
 * @param signingSecret secret of HMAC-signed publish URLs; default null
 */
public record PublishSection(Map<String, String> keys, WebhookSection webhook,
    String signingSecret) {
  public PublishSection {
    keys = Map.copyOf(Check.orDefault(keys, Map.of()));
    webhook = Check.orDefault(webhook, WebhookSection.defaults());
    Check.off("keys", keys.isEmpty() ? "{}" : "{...}", "{}");
    Check.off("signingSecret", signingSecret == null ? null : "***", null);
  }

  static PublishSection defaults() {
    return new PublishSection(null, null, null);
  }
}
