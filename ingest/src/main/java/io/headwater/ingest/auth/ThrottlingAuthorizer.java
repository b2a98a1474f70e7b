package io.headwater.ingest.auth;

import io.headwater.ingest.PublishRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and counts every publish that {@code inner} denies (one WARN line each) and refuses, for a
 * while, addresses that fail too often ({@link FailureThrottle}), without asking {@code inner}:
 * a key cannot be guessed at the speed of the network, nor a webhook flooded.
 */
public final class ThrottlingAuthorizer implements PublishAuthorizer {
  private static final Logger LOG = LoggerFactory.getLogger(ThrottlingAuthorizer.class);

  private final PublishAuthorizer inner;
  private final FailureThrottle throttle;
  private final LongAdder failures = new LongAdder();

  public ThrottlingAuthorizer(PublishAuthorizer inner, FailureThrottle throttle) {
    this.inner = inner;
    this.throttle = throttle;
  }

  /** Publishes denied so far, throttled ones included. */
  public long failures() {
    return failures.sum();
  }

  @Override
  public AuthDecision authorize(PublishRequest request) {
    InetAddress address = request.remote().getAddress();
    Optional<Duration> refused = throttle.refusedFor(address);
    if (refused.isPresent()) {
      failures.increment();
      long seconds = Math.max(1, refused.get().toSeconds());
      LOG.warn("{} publish auth failed: {}/{} from {}: address throttled for {} s more",
          request.connectionId(), request.app(), request.stream(), address.getHostAddress(),
          seconds);
      return AuthDecision.deny("too many failed publish attempts from "
          + address.getHostAddress() + "; try again in " + seconds + " s");
    }
    AuthDecision decision = inner.authorize(request);
    if (!decision.allowed()) {
      failures.increment();
      int recent = throttle.recordFailure(address);
      LOG.warn("{} publish auth failed: {}/{} from {}: {} ({} recent failures)",
          request.connectionId(), request.app(), request.stream(), address.getHostAddress(),
          decision.reason(), recent);
    }
    return decision;
  }
}
