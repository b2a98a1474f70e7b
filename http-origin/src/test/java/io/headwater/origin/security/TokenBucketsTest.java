package io.headwater.origin.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address token buckets behind the HTTP rate limit, on a hand-driven clock. */
class TokenBucketsTest {
  private final AtomicLong nanos = new AtomicLong();

  private static InetAddress address(int n) throws Exception {
    return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
  }

  @Test
  void aBurstPassesThenTheRateRefillsAndRetryAfterSaysWhen() throws Exception {
    TokenBuckets buckets = new TokenBuckets(2, 3, 100, nanos::get);
    InetAddress a = address(1);
    assertThat(buckets.take(a)).isZero();
    assertThat(buckets.take(a)).isZero();
    assertThat(buckets.take(a)).isZero();
    assertThat(buckets.take(a)).as("burst spent: wait for the next token").isEqualTo(1);
    assertThat(buckets.take(address(2))).as("another address has its own bucket").isZero();
    nanos.addAndGet(500_000_000L); // half a second at 2/s: one token
    assertThat(buckets.take(a)).isZero();
    assertThat(buckets.take(a)).isEqualTo(1);
    nanos.addAndGet(60_000_000_000L); // a minute: full again, never above the burst
    for (int i = 0; i < 3; i++) {
      assertThat(buckets.take(a)).isZero();
    }
    assertThat(buckets.take(a)).isEqualTo(1);
  }

  @Test
  void aSlowRateAsksForSeveralSeconds() throws Exception {
    TokenBuckets buckets = new TokenBuckets(1, 1, 100, nanos::get);
    assertThat(buckets.take(address(1))).isZero();
    nanos.addAndGet(100_000_000L);
    assertThat(buckets.take(address(1))).isEqualTo(1);
  }

  @Test
  void manyAddressesKeepOnlyTheMostRecentlyUsedBuckets() throws Exception {
    TokenBuckets buckets = new TokenBuckets(1, 1, 1_000, nanos::get);
    InetAddress busy = address(0);
    assertThat(buckets.take(busy)).isZero();
    for (int i = 1; i <= 100_000; i++) {
      buckets.take(address(i));
      if (i % 500 == 0) {
        assertThat(buckets.take(busy)).as("the busy client stays tracked and limited")
            .isEqualTo(1);
      }
    }
    assertThat(buckets.size()).isEqualTo(1_000);
  }
}
