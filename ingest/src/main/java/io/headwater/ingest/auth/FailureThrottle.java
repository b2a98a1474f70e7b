package io.headwater.ingest.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers failed attempts per client address: after {@code maxFailures} failures within
 * {@code window}, the address is refused for {@code banDuration}. At most {@code maxAddresses}
 * addresses are tracked, so that a scan from many addresses cannot grow it without bound (past
 * that, the oldest tracked address is forgotten). Thread-safe.
 */
public final class FailureThrottle {
  /** Five failures in 60 s refuse the address for 60 s. */
  public static final int DEFAULT_MAX_FAILURES = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_BAN = Duration.ofSeconds(60);
  private static final int DEFAULT_MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Duration banDuration;
  private final int maxAddresses;
  /** Insertion order is first failure order, which is what eviction drops first. */
  private final Map<InetAddress, Entry> entries = new LinkedHashMap<>();

  private static final class Entry {
    final Deque<Instant> failures = new ArrayDeque<>();
    Instant bannedUntil = Instant.MIN;
  }

  public FailureThrottle(Clock clock, int maxFailures, Duration window, Duration banDuration,
      int maxAddresses) {
    if (maxFailures < 1 || window.isNegative() || window.isZero() || banDuration.isNegative()
        || maxAddresses < 1) {
      throw new IllegalArgumentException("failure throttle: maxFailures " + maxFailures
          + ", window " + window + ", ban " + banDuration + ", maxAddresses " + maxAddresses);
    }
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
    this.banDuration = banDuration;
    this.maxAddresses = maxAddresses;
  }

  /** Five failures in 60 s refuse an address for 60 s. */
  public static FailureThrottle defaults(Clock clock) {
    return new FailureThrottle(clock, DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_BAN,
        DEFAULT_MAX_ADDRESSES);
  }

  /** How much longer {@code address} is refused, or empty when it is not. */
  public synchronized Optional<Duration> refusedFor(InetAddress address) {
    Entry e = entries.get(address);
    Instant now = clock.instant();
    if (e == null || !e.bannedUntil.isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, e.bannedUntil));
  }

  /**
   * Records a failure of {@code address}; returns the number of its failures within the window,
   * counting this one. Reaching {@code maxFailures} starts the refusal.
   */
  public synchronized int recordFailure(InetAddress address) {
    Instant now = clock.instant();
    Entry e = entries.get(address);
    if (e == null) {
      forgetIdle(now);
      if (entries.size() >= maxAddresses) {
        Iterator<InetAddress> oldest = entries.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      e = new Entry();
      entries.put(address, e);
    }
    Instant since = now.minus(window);
    while (!e.failures.isEmpty() && !e.failures.peekFirst().isAfter(since)) {
      e.failures.removeFirst();
    }
    e.failures.addLast(now);
    if (e.failures.size() >= maxFailures) {
      e.bannedUntil = now.plus(banDuration);
      e.failures.clear();
      return maxFailures;
    }
    return e.failures.size();
  }

  /** Addresses tracked now (for tests of the bound). */
  public synchronized int trackedAddresses() {
    return entries.size();
  }

  private void forgetIdle(Instant now) {
    Instant since = now.minus(window);
    entries.values().removeIf(e -> !e.bannedUntil.isAfter(now)
        && (e.failures.isEmpty() || !e.failures.peekLast().isAfter(since)));
  }
}
