package io.headwater.origin.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts durations in logarithmic microsecond buckets (1, 2, 4, ... µs), cheap enough to record
 * on the ingest thread for every published view and safe to read from any thread.
 */
public final class DelayHistogram {
  private static final int BUCKETS = 40;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  /** Records one duration. */
  public void record(long nanos) {
    long micros = Math.max(1, nanos / 1_000);
    int bucket = Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros));
    counts.incrementAndGet(bucket);
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /**
   * The upper bound, in microseconds, of the bucket holding quantile {@code q} (0..1); 0 when
   * nothing was recorded.
   */
  public long quantileMicros(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= Math.max(1, rank)) {
        return 1L << (i + 1);
      }
    }
    return 1L << BUCKETS;
  }
}
