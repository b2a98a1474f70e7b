package io.headwater.origin.security;

import io.headwater.ingest.auth.FailureThrottle;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.auth.PublishAuthorizers;
import io.headwater.ingest.auth.ThrottlingAuthorizer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The origin's doors in one place, for {@code OriginServer} to wire: the publish authorizer
 * (configured checks, logged, counted and throttled per address) and its metrics.
 */
public final class OriginSecurity {
  private final SecuritySettings settings;
  private final ThrottlingAuthorizer publish;

  /**
   * Checks of {@code settings}; a publish must also pass {@code extra} (e.g. an authorizer a test
   * or an embedding application supplies).
   */
  public OriginSecurity(SecuritySettings settings, PublishAuthorizer extra, Clock clock) {
    this.settings = settings;
    this.publish = new ThrottlingAuthorizer(PublishAuthorizers.allOf(List.of(
        PublishSecurity.authorizer(settings, clock), extra)), FailureThrottle.defaults(clock));
  }

  /** The settings this was built from. */
  public SecuritySettings settings() {
    return settings;
  }

  /** What every publish passes before it reaches the streams. */
  public PublishAuthorizer publishAuthorizer() {
    return publish;
  }

  /** Binds {@code headwater_publish_auth_failures_total} to {@code registry}. */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("headwater_publish_auth_failures", publish,
        ThrottlingAuthorizer::failures)
        .description("Publishes refused by authentication, address lists or throttling.")
        .register(registry);
  }
}
