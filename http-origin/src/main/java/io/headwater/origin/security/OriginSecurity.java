package io.headwater.origin.security;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.auth.FailureThrottle;
import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.auth.PublishAuthorizers;
import io.headwater.ingest.auth.ThrottlingAuthorizer;
import io.headwater.ingest.server.TakeoverPolicy;
import io.headwater.origin.config.PublishSection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.Manifests;
import io.headwater.origin.http.StreamHandler;
import io.headwater.origin.config.HttpLimitsSection;
import io.headwater.origin.pipeline.StreamRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.Options;

/**
 * The origin's doors in one place, for {@code OriginServer} to wire: the publish authorizer
 * (configured checks, logged, counted and throttled per address), the playback guard and the
 * token-carrying manifests, the HTTP request rate limit, header limits and slow-client
 * timeouts, and their metrics.
 */
public final class OriginSecurity {
  private final SecuritySettings settings;
  private final Clock clock;
  private final ThrottlingAuthorizer publish;
  private final Map<String, PlaybackToken> tokens = new HashMap<>();
  /** Held by the guard too, so that the meter reads a live value (meters hold weak refs). */
  private final LongAdder playbackDenials = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder ingestExceeded = new LongAdder();
  private final LongAdder connectionsRefused = new LongAdder();
  private final LongAdder blockedRefused = new LongAdder();
  private final LongAdder handshakeTimeouts = new LongAdder();
  private final BlockedRequestLimit blockedRequests;
  /** The per-address connection cap once wired, or null ({@code maxConnectionsPerAddress} 0). */
  private volatile ConnectionLimiter connectionLimiter;

  /**
   * Checks of {@code settings}; a publish must also pass {@code extra} (e.g. an authorizer a test
   * or an embedding application supplies).
   */
  public OriginSecurity(SecuritySettings settings, PublishAuthorizer extra, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.blockedRequests = new BlockedRequestLimit(settings.httpLimits().maxBlockedRequests(),
        settings.httpLimits().maxBlockedRequestsPerStream(), blockedRefused);
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
    HttpHandler guarded = settings.playback().isEmpty() ? next
        : new PlaybackGuard(settings, tokens, playbackDenials, clock, next);
    HttpLimitsSection limits = settings.httpLimits();
    HttpHandler rated = limits.requestsPerSecond() == 0 ? guarded
        : new RequestRateLimiter(new TokenBuckets(limits.requestsPerSecond(), limits.burst(),
            RequestRateLimiter.MAX_TRACKED_ADDRESSES, System::nanoTime), limits.exemptBlocks(),
            rateLimited, guarded);
    if (limits.maxConnectionsPerAddress() > 0) {
      connectionLimiter = new ConnectionLimiter(limits.maxConnectionsPerAddress(),
          limits.exemptBlocks(), connectionsRefused, rated);
      rated = connectionLimiter;
    }
    return blockedRequests.attachTo(rated);
  }

  /**
   * Applies what needs the started listeners: HTTPS connections whose TLS handshake has not
   * finished within {@code limits.http.tlsHandshakeTimeout} are closed.
   */
  public void applyToListeners(Undertow undertow) {
    TlsHandshakeDeadline.apply(undertow, settings.httpLimits().tlsHandshakeTimeout(),
        handshakeTimeouts);
  }

  /**
   * Sets the request head limits and slow-client timeouts of {@code limits.http} on the HTTP
   * listeners: a head over maxHeaderSize or maxHeaders ends the connection with an error status,
   * a head not complete within requestTimeout (slowloris) and a kept-alive connection idle for
   * idleTimeout are closed; each listener accepts at most maxConnections at a time.
   */
  public void applyServerOptions(Undertow.Builder builder) {
    HttpLimitsSection limits = settings.httpLimits();
    // XNIO stops accepting at the high-water mark, until the connections are below low water.
    builder.setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxConnections())
        .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxConnections() * 9 / 10);
    builder.setServerOption(UndertowOptions.MAX_HEADER_SIZE,
            (int) limits.maxHeaderSize().bytes())
        .setServerOption(UndertowOptions.MAX_HEADERS, limits.maxHeaders())
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT,
            (int) limits.requestTimeout().toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT,
            (int) limits.idleTimeout().toMillis());
  }

  /**
   * The server TLS context of a listener from its PEM files, read again when they change (see
   * {@link ReloadingTlsContext}).
   */
  public static ReloadingTlsContext tlsContext(Path certificate, Path privateKey)
      throws IOException {
    return ReloadingTlsContext.open(certificate, privateKey);
  }

  /**
   * {@code next} behind the per-publisher bitrate limit of {@code limits.maxIngestBitrate};
   * {@code next} itself when there is none.
   */
  public PublishHandler limitIngest(PublishHandler next) {
    IngestLimit limit = settings.ingestLimit();
    return limit.limited()
        ? new IngestBitrateLimiter(limit, System::nanoTime, ingestExceeded, next) : next;
  }

  /**
   * Lets an authorised publish replace the live publisher of its name in applications with
   * {@code publish.takeover: true}; everywhere else a second publisher is refused.
   */
  public TakeoverPolicy takeoverPolicy() {
    return request -> {
      PublishSection app = settings.publish().get(request.app());
      return app != null && app.takeover();
    };
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
   * Binds {@code headwater_publish_auth_failures_total},
   * {@code headwater_playback_denials_total}, {@code headwater_http_rate_limited_total} and
   * {@code headwater_ingest_bitrate_exceeded_total}, {@code headwater_http_connections_refused_total},
   * {@code headwater_http_blocked_refused_total}, {@code headwater_https_handshake_timeouts_total}
   * and the gauges of connections and held requests
   * to {@code registry}.
   */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("headwater_playback_denials", playbackDenials, LongAdder::sum)
        .description("Playback requests refused (403): token or address lists.")
        .register(registry);
    FunctionCounter.builder("headwater_http_rate_limited", rateLimited, LongAdder::sum)
        .description("HTTP requests refused (429) by the per-address request rate limit.")
        .register(registry);
    FunctionCounter.builder("headwater_ingest_bitrate_exceeded", ingestExceeded, LongAdder::sum)
        .description("Publishers disconnected for sending above limits.maxIngestBitrate.")
        .register(registry);
    FunctionCounter.builder("headwater_http_connections_refused", connectionsRefused,
            LongAdder::sum)
        .description("HTTP connections refused (429) by limits.http.maxConnectionsPerAddress.")
        .register(registry);
    Gauge.builder("headwater_http_client_connections", this,
            s -> s.connectionLimiter == null ? 0 : s.connectionLimiter.openConnections())
        .description("HTTP connections counted against limits.http.maxConnectionsPerAddress.")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("headwater_https_handshake_timeouts", handshakeTimeouts,
            LongAdder::sum)
        .description("HTTPS connections closed for not finishing the TLS handshake in time.")
        .register(registry);
    FunctionCounter.builder("headwater_http_blocked_refused", blockedRefused, LongAdder::sum)
        .description("Low-latency requests refused (503): too many held open.")
        .register(registry);
    Gauge.builder("headwater_http_blocked_requests", blockedRequests, BlockedRequestLimit::held)
        .description("Low-latency requests held open until their part or segment exists.")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("headwater_publish_auth_failures", publish,
        ThrottlingAuthorizer::failures)
        .description("Publishes refused by authentication, address lists or throttling.")
        .register(registry);
  }
}
