package io.headwater.origin.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordingWriterTest {
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final AtomicInteger finished = new AtomicInteger();

  @Test
  void writesInOrderOnItsOwnThreadAndStopsAfterTheLastTask() throws Exception {
    StringBuilder done = new StringBuilder();
    RecordingWriter writer = new RecordingWriter("test", 1000, metrics,
        finished::incrementAndGet, () -> false);
    String publisher = Thread.currentThread().getName();
    writer.submit(() -> done.append(Thread.currentThread().getName().equals(publisher) ? "!" : "a"),
        10);
    writer.submit(() -> done.append("b"), 10);
    writer.finish(() -> done.append("c"));
    writer.submit(() -> done.append("x"), 10);

    assertThat(writer.awaitFinished(5_000)).isTrue();
    assertThat(done.toString()).isEqualTo("abc");
    assertThat(writer.hasFailed()).isFalse();
    assertThat(finished.get()).isEqualTo(1);
    assertThat(metrics.failedCount()).isZero();
  }

  @Test
  void aDiskThatCannotKeepUpDropsTheRecordingWithoutBlockingTheCaller() throws Exception {
    CountDownLatch slowDisk = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    AtomicInteger written = new AtomicInteger();
    RecordingWriter writer = new RecordingWriter("test", 100, metrics,
        finished::incrementAndGet, () -> false);
    writer.submit(() -> {
      written.incrementAndGet();
      writing.countDown();
      try {
        slowDisk.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, 0);
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 20; i++) {
      writer.submit(written::incrementAndGet, 10); // the caller never waits: 200 bytes > 100
    }

    assertThat(writer.hasFailed()).isTrue();
    assertThat(metrics.failedCount()).isEqualTo(1);
    slowDisk.countDown();
    assertThat(writer.awaitFinished(5_000)).isTrue();
    assertThat(written.get()).as("nothing is written after the drop").isEqualTo(1);
    assertThat(finished.get()).isEqualTo(1);
  }

  @Test
  void aFailedWriteDropsTheRecordingOnce() throws Exception {
    RecordingWriter writer = new RecordingWriter("test", 1000, metrics,
        finished::incrementAndGet, () -> false);
    writer.submit(() -> {
      throw new IOException("No space left on device");
    }, 10);
    writer.submit(() -> {
      throw new IOException("again");
    }, 10);

    assertThat(writer.awaitFinished(5_000)).isTrue();
    assertThat(writer.hasFailed()).isTrue();
    assertThat(metrics.failedCount()).isEqualTo(1);
    assertThat(finished.get()).isEqualTo(1);
  }

  @Test
  void aWriterWhoseStreamEndedWithoutALastTaskStops() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    RecordingWriter writer = new RecordingWriter("test", 1000, metrics,
        finished::incrementAndGet, () -> asked.incrementAndGet() >= 2, 20);

    assertThat(writer.awaitFinished(5_000)).isTrue();
    assertThat(asked.get()).isEqualTo(2);
    assertThat(finished.get()).isEqualTo(1);
    assertThat(writer.hasFailed()).isFalse();
  }
}
