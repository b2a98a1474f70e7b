package io.headwater.origin.security;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One token bucket per client address: {@code ratePerSecond} tokens flow in continuously up to
 * {@code burst}; a request takes one. At most {@code maxAddresses} buckets are kept, the least
 * recently used dropped first (a dropped bucket comes back full, which only errs towards
 * letting a client in), so that a flood from many addresses cannot exhaust memory.
 */
final class TokenBuckets {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final double ratePerSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Map<InetAddress, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long updatedNanos) {
      this.tokens = tokens;
      this.updatedNanos = updatedNanos;
    }
  }

  TokenBuckets(int ratePerSecond, int burst, int maxAddresses, LongSupplier nanoTime) {
    if (ratePerSecond < 1 || burst < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("rate, burst and maxAddresses must be at least 1: "
          + ratePerSecond + ", " + burst + ", " + maxAddresses);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, /* accessOrder= */ true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
        return size() > maxAddresses;
      }
    };
  }

  /**
   * Takes a token for {@code address}: 0 when one was there, otherwise the whole seconds (at
   * least 1) until the next one, the request's Retry-After (RFC 9110 10.2.3).
   */
  synchronized long take(InetAddress address) {
    long now = nanoTime.getAsLong();
    Bucket b = buckets.get(address);
    if (b == null) {
      b = new Bucket(burst, now);
      buckets.put(address, b);
    } else {
      double refill = (now - b.updatedNanos) * ratePerSecond / NANOS_PER_SECOND;
      b.tokens = Math.min(burst, b.tokens + refill);
      b.updatedNanos = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerSecond));
  }

  /** Addresses now tracked. */
  synchronized int size() {
    return buckets.size();
  }
}
