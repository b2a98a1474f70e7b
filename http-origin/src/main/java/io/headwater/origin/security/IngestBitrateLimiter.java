package io.headwater.origin.security;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.PublishRejectedException;
import io.headwater.ingest.PublishRequest;
import io.headwater.ingest.StreamPublisher;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.packager.io.MalformedMediaException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Ends a publish that sends more than {@code limits.maxIngestBitrate} averaged over
 * {@code limits.ingestBitrateWindow}: a publisher has a budget of limit × window bits in any
 * trailing window (so a keyframe burst passes); the tag that overdraws it is dropped and its
 * connection closed with one WARN line naming stream, rate and limit, counted in
 * {@code headwater_ingest_bitrate_exceeded_total}. What was accepted stays: the stream waits for
 * its publisher like after any lost connection.
 */
final class IngestBitrateLimiter implements PublishHandler {
  private final IngestLimit limit;
  private final LongSupplier nanoTime;
  private final LongAdder exceeded;
  private final PublishHandler next;

  IngestBitrateLimiter(IngestLimit limit, LongSupplier nanoTime, LongAdder exceeded,
      PublishHandler next) {
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.exceeded = exceeded;
    this.next = next;
  }

  @Override
  public StreamPublisher onPublish(PublishRequest request) throws PublishRejectedException {
    StreamPublisher inner = next.onPublish(request);
    SlidingWindow window = new SlidingWindow(limit.window().toNanos(), nanoTime.getAsLong());
    long budgetBits = limit.maxBitsPerSecond() * limit.window().toMillis() / 1000;
    return new StreamPublisher() {
      @Override
      public void onTag(FlvTag tag) throws MalformedMediaException {
        long bits = window.add(nanoTime.getAsLong(), 8L * tag.body().length);
        if (bits > budgetBits) {
          exceeded.increment();
          // The connection boundary logs this message as the one WARN line of the event.
          throw new MalformedMediaException("ingest bitrate limit exceeded: "
              + request.app() + "/" + request.stream() + " sent " + bits / 1000 + " kbit in "
              + limit.window().toMillis() + " ms, above maxIngestBitrate "
              + limit.maxBitsPerSecond() / 1000 + " kbit/s");
        }
        inner.onTag(tag);
      }

      @Override
      public void onUnpublish(boolean clean) {
        inner.onUnpublish(clean);
      }
    };
  }

  /** Bits added over the trailing window, kept in ten slots of a tenth of it each. */
  static final class SlidingWindow {
    private static final int SLOTS = 10;
    private final long slotNanos;
    private final long[] bits = new long[SLOTS];
    private final long originNanos;
    private long currentSlot;
    private long total;

    SlidingWindow(long windowNanos, long originNanos) {
      this.slotNanos = Math.max(1, windowNanos / SLOTS);
      this.originNanos = originNanos;
    }

    /** Adds {@code added} bits at {@code nowNanos}; returns the bits in the trailing window. */
    long add(long nowNanos, long added) {
      long slot = (nowNanos - originNanos) / slotNanos;
      for (long s = currentSlot + 1; s <= slot && s <= currentSlot + SLOTS; s++) {
        int i = (int) (s % SLOTS);
        total -= bits[i];
        bits[i] = 0;
      }
      currentSlot = Math.max(currentSlot, slot);
      bits[(int) (currentSlot % SLOTS)] += added;
      total += added;
      return total;
    }
  }
}
