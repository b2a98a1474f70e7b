package io.headwater.origin.security;

import io.headwater.ingest.auth.FailureThrottle;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.auth.PublishAuthorizers;
import io.headwater.ingest.auth.ThrottlingAuthorizer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.Manifests;
import io.headwater.origin.http.StreamHandler;
import io.headwater.origin.pipeline.StreamRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The origin's doors in one place, for {@code OriginServer} to wire: the publish authorizer
 * (configured checks, logged, counted and throttled per address), the playback guard and the
 * token-carrying manifests, and their metrics.
 */
public final class OriginSecurity {
  private final SecuritySettings settings;
  private final ThrottlingAuthorizer publish;
  private final Map<String, PlaybackToken> tokens = new HashMap<>();
  /** Held by the guard too, so that the meter reads a live value (meters hold weak refs). */
  private final LongAdder playbackDenials = new LongAdder();

  /**
   * Checks of {@code settings}; a publish must also pass {@code extra} (e.g. an authorizer a test
   * or an embedding application supplies).
   */
  public OriginSecurity(SecuritySettings settings, PublishAuthorizer extra, Clock clock) {
    this.settings = settings;
    this.publish = new ThrottlingAuthorizer(PublishAuthorizers.allOf(List.of(
        PublishSecurity.authorizer(settings, clock), extra)), FailureThrottle.defaults(clock));
    settings.playback().forEach((app, rule) -> {
      if (rule.needsToken()) {
        tokens.put(app, new PlaybackToken(rule.signingSecret(), clock));
      }
    });
  }

  /**
   * The stream routes, with manifests that carry the request's playback token when an
   * application needs one; {@code streams} itself otherwise.
   */
  public HttpHandler streamRoutes(StreamHandler streams, StreamRegistry registry,
      CachePolicy policy, Manifests manifests) {
    return tokens.isEmpty() ? streams
        : new TokenManifestHandler(tokens.keySet(), streams, registry, policy, manifests);
  }

  /**
   * Wraps the whole HTTP chain in the playback guard (outermost, so that it covers every object
   * below {@code /APP/STREAM/}, thumbnails too), when an application restricts playback.
   */
  public HttpHandler wrapHttp(HttpHandler next) {
    if (settings.playback().isEmpty()) {
      return next;
    }
    return new PlaybackGuard(settings, tokens, playbackDenials, next);
  }

  /** The settings this was built from. */
  public SecuritySettings settings() {
    return settings;
  }

  /** What every publish passes before it reaches the streams. */
  public PublishAuthorizer publishAuthorizer() {
    return publish;
  }

  /**
   * Binds {@code headwater_publish_auth_failures_total} and
   * {@code headwater_playback_denials_total} to {@code registry}.
   */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("headwater_playback_denials", playbackDenials, LongAdder::sum)
        .description("Playback requests refused (403): token or address lists.")
        .register(registry);
    FunctionCounter.builder("headwater_publish_auth_failures", publish,
        ThrottlingAuthorizer::failures)
        .description("Publishes refused by authentication, address lists or throttling.")
        .register(registry);
  }
}
