package io.headwater.origin.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the object-store uploads of an ingest node, for {@code /metrics}. */
public final class UploadMetrics implements MeterBinder {
  private final AtomicLong uploaded = new AtomicLong();
  private final AtomicLong uploadedBytes = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong lowLatencyPuts = new AtomicLong();

  void countUpload(long bytes) {
    uploaded.incrementAndGet();
    uploadedBytes.addAndGet(bytes);
  }

  /** One PUT of an LL-HLS part or of a media playlist written for its parts. */
  void countLowLatencyPut() {
    lowLatencyPuts.incrementAndGet();
  }

  void countFailure() {
    failed.incrementAndGet();
  }

  void countDrop() {
    dropped.incrementAndGet();
  }

  AtomicLong queuedBytes() {
    return queuedBytes;
  }

  /** Objects written to the store. */
  public long uploaded() {
    return uploaded.get();
  }

  /** PUTs of LL-HLS parts and of the media playlists written as parts appear. */
  public long lowLatencyPuts() {
    return lowLatencyPuts.get();
  }

  /** Objects given up after the client's retries. */
  public long failed() {
    return failed.get();
  }

  /** Objects not queued because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("headwater_object_store_uploads", uploaded, AtomicLong::get)
        .description("Objects written to the object store.").register(registry);
    FunctionCounter.builder("headwater_object_store_upload_bytes", uploadedBytes, AtomicLong::get)
        .description("Bytes written to the object store.").register(registry);
    FunctionCounter.builder("headwater_object_store_failures", failed, AtomicLong::get)
        .description("Uploads that failed after retries.").register(registry);
    FunctionCounter.builder("headwater_object_store_dropped", dropped, AtomicLong::get)
        .description("Objects dropped because the upload queue was full.").register(registry);
    FunctionCounter.builder("headwater_object_store_low_latency_uploads", lowLatencyPuts,
            AtomicLong::get)
        .description("PUTs of LL-HLS parts and of the media playlists that list them.")
        .register(registry);
    Gauge.builder("headwater_object_store_queued_bytes", queuedBytes, AtomicLong::get)
        .description("Bytes waiting for upload.").register(registry);
  }
}
