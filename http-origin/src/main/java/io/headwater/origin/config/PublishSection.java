package io.headwater.origin.config;

import io.headwater.ingest.auth.AddressList;
import java.util.List;
import java.util.Map;

/**
 * {@code apps.NAME.publish}: who may publish to the application. With keys and a signing secret
 * both set, either one lets a publisher in; a webhook, when set, is asked as well, after them.
 * With nothing set (the default), publishing is open.
 *
 * @param keys stream name ({@code *} for any other) to key, checked against {@code ?key=}
 * @param webhook the publish webhook ({@code url} null: none)
 * @param signingSecret secret of HMAC-signed, expiring publish URLs
 *     ({@code ?exp=UNIX_SECONDS&sig=HMAC-SHA256(secret, "APP/STREAM:EXP")}); at least 16
 *     characters; default null (none)
 * @param allow address blocks (CIDR, IPv4 or IPv6) publishers must come from; empty: any
 * @param deny address blocks publishers must not come from; checked first
 * @param takeover whether an authenticated publisher to a stream that is live replaces the
 *     publisher there (which is disconnected) instead of being refused; default false, and
 *     true needs keys, a signingSecret or a webhook, so that nobody unauthenticated can
 */
public record PublishSection(Map<String, String> keys, WebhookSection webhook,
    String signingSecret, List<String> allow, List<String> deny, Boolean takeover) {
  public PublishSection {
    keys = Map.copyOf(Check.orDefault(keys, Map.of()));
    webhook = Check.orDefault(webhook, WebhookSection.defaults());
    allow = List.copyOf(Check.orDefault(allow, List.of()));
    deny = List.copyOf(Check.orDefault(deny, List.of()));
    keys.forEach((stream, key) -> {
      if (!stream.matches("\\*|[A-Za-z0-9._-]{1,64}") || key.isBlank()) {
        // The key itself is never echoed: error messages end up in logs.
        throw InvalidValueException.of("keys." + stream, "***",
            "a non-empty key for a stream name (1-64 of A-Z a-z 0-9 . _ -) or *");
      }
    });
    Check.secret("signingSecret", signingSecret);
    Check.addressList("allow", allow);
    Check.addressList("deny", deny);
    takeover = Check.orDefault(takeover, false);
    if (takeover && keys.isEmpty() && signingSecret == null && webhook.url() == null) {
      throw InvalidValueException.of("takeover", true, "false unless keys, signingSecret or "
          + "webhook authenticate publishers");
    }
  }

  static PublishSection defaults() {
    return new PublishSection(null, null, null, null, null, null);
  }

  /** Whether any publisher check is configured. */
  public boolean restricted() {
    return !keys.isEmpty() || webhook.url() != null || signingSecret != null
        || !allow.isEmpty() || !deny.isEmpty();
  }

  /** The allow and deny lists, parsed. */
  public AddressList addressList() {
    return AddressList.parse(allow, deny);
  }
}
