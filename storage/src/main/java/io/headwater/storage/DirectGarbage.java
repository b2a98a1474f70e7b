package io.headwater.storage;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps released direct buffers from piling up. A removed segment's off-heap bytes are freed
 * only when the garbage collector finds its buffer unreachable, and with the live window off the
 * heap the heap fills slowly, so cycles are rare while released segments' memory grows by the
 * streams' bitrate. When the JVM's direct memory holds more than a quarter of the live bytes
 * again (at least 32 MiB) in released buffers, this asks for a collection, at most one every
 * two seconds, on a thread of its own so that the caller (an ingest thread) never waits; with
 * ZGC that is a concurrent cycle (G1 needs {@code -XX:+ExplicitGCInvokesConcurrent} for it).
 *
 * <p>Released bytes are counted twice over: what the JVM's direct pool holds beyond the store's
 * live bytes, and what the store released since the last request; the smaller counts. So other
 * users of direct memory (the HTTP server's I/O buffers, another store in the same JVM) never
 * make it ask, and buffers a collection already freed are not counted again.
 */
final class DirectGarbage {
  static final long MIN_GARBAGE_BYTES = 32L << 20;
  static final long MIN_INTERVAL_NANOS = 2_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(DirectGarbage.class);

  private final LongSupplier directUsedBytes;
  private final Runnable requestCollection;
  private final LongSupplier nanoTime;
  private final AtomicLong lastRequestNanos;
  private final AtomicLong releasedSinceRequest = new AtomicLong();

  /** Watches the JVM's direct buffer pool; collects with {@code System.gc()}. */
  DirectGarbage() {
    this(directPoolUsed(), DirectGarbage::collectInBackground, System::nanoTime);
  }

  /**
   * @param directUsedBytes the direct memory in use, released buffers included
   * @param requestCollection asks for a collection without waiting for it
   * @param nanoTime the clock of the interval between requests
   */
  DirectGarbage(LongSupplier directUsedBytes, Runnable requestCollection, LongSupplier nanoTime) {
    this.directUsedBytes = Objects.requireNonNull(directUsedBytes, "directUsedBytes");
    this.requestCollection = Objects.requireNonNull(requestCollection, "requestCollection");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.lastRequestNanos = new AtomicLong(nanoTime.getAsLong() - MIN_INTERVAL_NANOS);
  }

  /**
   * Called after the store allocated a buffer.
   *
   * @param liveBytes the store's bytes still held off the heap
   * @return whether a collection was requested
   */
  boolean afterAllocation(long liveBytes) {
    long garbage = Math.min(directUsedBytes.getAsLong() - liveBytes, releasedSinceRequest.get());
    if (garbage < Math.max(MIN_GARBAGE_BYTES, liveBytes / 4)) {
      return false;
    }
    long now = nanoTime.getAsLong();
    long last = lastRequestNanos.get();
    if (now - last < MIN_INTERVAL_NANOS || !lastRequestNanos.compareAndSet(last, now)) {
      return false;
    }
    LOG.debug("{} bytes of released segments await the collector ({} live); asking for a cycle",
        garbage, liveBytes);
    releasedSinceRequest.set(0);
    requestCollection.run();
    return true;
  }

  /** Called when the store let go of a direct buffer of {@code bytes}. */
  void onRelease(long bytes) {
    releasedSinceRequest.addAndGet(bytes);
  }

  private static LongSupplier directPoolUsed() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool::getMemoryUsed;
      }
    }
    return () -> 0; // no pool reported: never asks
  }

  private static void collectInBackground() {
    Thread gc = new Thread(System::gc, "segment-memory-gc"); // cleaners free unreachable buffers
    gc.setDaemon(true);
    gc.start();
  }
}
