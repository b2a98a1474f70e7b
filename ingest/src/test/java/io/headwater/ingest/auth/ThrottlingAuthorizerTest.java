package io.headwater.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.headwater.ingest.PublishRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottlingAuthorizerTest {
  private final TestClock clock = new TestClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final AtomicInteger asked = new AtomicInteger();
  private final PublishAuthorizer keys = request -> {
    asked.incrementAndGet();
    return "k".equals(request.query().get("key")) ? AuthDecision.allow()
        : AuthDecision.deny("wrong publish key");
  };
  private final ThrottlingAuthorizer throttled =
      new ThrottlingAuthorizer(keys, FailureThrottle.defaults(clock));

  private static PublishRequest from(String address, String key) {
    return new PublishRequest("live", "cam", key == null ? Map.of() : Map.of("key", key),
        new InetSocketAddress(address, 5000), "rtmp-conn-1");
  }

  @Test
  void fiveFailuresInAMinuteRefuseTheAddressForAMinuteEvenWithTheRightKey() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttled.authorize(from("192.0.2.1", "guess" + i)).reason())
          .isEqualTo("wrong publish key");
    }
    AuthDecision refused = throttled.authorize(from("192.0.2.1", "k"));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.reason()).contains("too many failed publish attempts from 192.0.2.1");
    assertThat(asked).as("the inner authorizer is not asked while refused").hasValue(5);
    assertThat(throttled.authorize(from("192.0.2.2", "k")).allowed())
        .as("other addresses go on").isTrue();
    assertThat(throttled.failures()).isEqualTo(6);

    clock.advance(Duration.ofSeconds(61));
    assertThat(throttled.authorize(from("192.0.2.1", "k")).allowed()).isTrue();
  }

  @Test
  void failuresSpreadOverMoreThanTheWindowDoNotRefuse() {
    for (int i = 0; i < 10; i++) {
      assertThat(throttled.authorize(from("192.0.2.1", "nope")).allowed()).isFalse();
      clock.advance(Duration.ofSeconds(15));
    }
    assertThat(throttled.authorize(from("192.0.2.1", "k")).allowed()).isTrue();
  }

  @Test
  void theNumberOfTrackedAddressesIsBounded() throws Exception {
    FailureThrottle small = new FailureThrottle(clock, 5, Duration.ofSeconds(60),
        Duration.ofSeconds(60), 100);
    for (int i = 0; i < 1000; i++) {
      small.recordFailure(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8),
          (byte) i}));
    }
    assertThat(small.trackedAddresses()).isEqualTo(100);
  }
}
