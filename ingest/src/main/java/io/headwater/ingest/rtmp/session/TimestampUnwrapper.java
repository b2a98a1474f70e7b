package io.headwater.ingest.rtmp.session;

/**
 * Turns the 32-bit RTMP millisecond timestamps of one message stream, which wrap after about
 * 49.7 days, into a 64-bit timeline: a backwards step of more than 2^31 ms is a wrap forward,
 * a forward step of more than 2^31 ms is a late message from before a wrap. Not thread-safe.
 */
public final class TimestampUnwrapper {
  private static final long WRAP = 1L << 32;
  private static final long HALF = 1L << 31;

  private boolean first = true;
  private long lastRaw;
  private long lastUnwrappedMs;

  /** The unwrapped timestamp in milliseconds for the 32-bit timestamp {@code raw}. */
  public long unwrap(long raw) {
    long value = raw & (WRAP - 1);
    if (first) {
      first = false;
      lastRaw = value;
      lastUnwrappedMs = value;
      return value;
    }
    long step = value - lastRaw;
    if (step < -HALF) {
      step += WRAP;
    } else if (step > HALF) {
      step -= WRAP;
    }
    lastRaw = value;
    lastUnwrappedMs += step;
    return lastUnwrappedMs;
  }
}
