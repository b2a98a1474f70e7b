package io.headwater.origin.recording;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the recorder: recordings started, recordings dropped because the disk failed or
 * could not keep up, bytes written, recordings being written. Shown in {@code /api/recordings}
 * and bindable to a Micrometer registry ({@code headwater_recording_*}).
 */
public final class RecordingMetrics implements MeterBinder {
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong active = new AtomicLong();
  private final AtomicLong deletedByRetention = new AtomicLong();

  void started() {
    started.incrementAndGet();
    active.incrementAndGet();
  }

  void finished() {
    active.decrementAndGet();
  }

  void failed() {
    failed.incrementAndGet();
  }

  void wrote(long bytes) {
    bytesWritten.addAndGet(bytes);
  }

  void deletedByRetention() {
    deletedByRetention.incrementAndGet();
  }

  public long startedCount() {
    return started.get();
  }

  /** Recordings stopped by a write error or a full queue. */
  public long failedCount() {
    return failed.get();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }

  public long activeCount() {
    return active.get();
  }

  public long deletedByRetentionCount() {
    return deletedByRetention.get();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("headwater_recordings_started", started, AtomicLong::get)
        .description("Recordings started.").register(registry);
    FunctionCounter.builder("headwater_recording_failures", failed, AtomicLong::get)
        .description("Recordings stopped because the disk failed or could not keep up.")
        .register(registry);
    FunctionCounter.builder("headwater_recording_bytes", bytesWritten, AtomicLong::get)
        .description("Bytes written to recordings.").register(registry);
    Gauge.builder("headwater_recordings_active", active, AtomicLong::get)
        .description("Recordings being written.").register(registry);
    FunctionCounter.builder("headwater_recordings_deleted", deletedByRetention, AtomicLong::get)
        .description("Recordings deleted by retention.").register(registry);
  }
}
