package io.headwater.origin.security;

import io.headwater.ingest.auth.AddressListAuthorizer;
import io.headwater.ingest.auth.HttpCallbackAuthorizer;
import io.headwater.ingest.auth.HttpCallbackConfig;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.auth.PublishAuthorizers;
import io.headwater.ingest.auth.SignedUrlAuthorizer;
import io.headwater.ingest.auth.StaticKeyAuthorizer;
import io.headwater.ingest.auth.StaticKeysConfig;
import io.headwater.origin.config.PublishSection;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the publish authorizer of the configuration: per application, the address lists, then
 * a static key or a signed URL (either one), then the webhook. Once any application restricts
 * publishing, applications not listed under {@code apps} are refused, so that
 * {@code rtmp://host/other/x} is not an open door next to a protected {@code live}.
 */
final class PublishSecurity {
  private PublishSecurity() {}

  static PublishAuthorizer authorizer(SecuritySettings settings, Clock clock) {
    if (settings.publish().isEmpty()) {
      return PublishAuthorizer.ALLOW_ALL;
    }
    Map<String, PublishAuthorizer> byApp = new HashMap<>();
    for (String app : settings.apps()) {
      PublishSection s = settings.publish().get(app);
      byApp.put(app, s == null ? PublishAuthorizer.ALLOW_ALL : of(s, clock));
    }
    return PublishAuthorizers.byApp(byApp, PublishAuthorizers.denyAll(
        "application not configured on this server"));
  }

  private static PublishAuthorizer of(PublishSection s, Clock clock) {
    List<PublishAuthorizer> all = new ArrayList<>();
    if (!s.addressList().isOpen()) {
      all.add(new AddressListAuthorizer(s.addressList()));
    }
    List<PublishAuthorizer> credentials = new ArrayList<>();
    if (!s.keys().isEmpty()) {
      credentials.add(new StaticKeyAuthorizer(new StaticKeysConfig(s.keys())));
    }
    if (s.signingSecret() != null) {
      credentials.add(new SignedUrlAuthorizer(s.signingSecret(), clock));
    }
    if (!credentials.isEmpty()) {
      all.add(PublishAuthorizers.anyOf(credentials));
    }
    if (s.webhook().url() != null) {
      all.add(new HttpCallbackAuthorizer(new HttpCallbackConfig(URI.create(s.webhook().url()),
          s.webhook().timeout())));
    }
    return PublishAuthorizers.allOf(all);
  }
}
