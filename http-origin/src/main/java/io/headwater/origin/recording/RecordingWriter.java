package io.headwater.origin.recording;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a recording's files, fed through a bounded queue so that the
 * publisher's thread never waits for the disk. When the queue is over its byte or task bound (the
 * disk cannot keep up) or a write fails (disk full, directory not writable), the recording is
 * dropped: one ERROR line, the failure metric, nothing more is written, and the live stream goes
 * on. What was written before stays a valid recording, since its manifest lists only segments
 * whose files were written.
 */
final class RecordingWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);
  private static final int MAX_TASKS = 4096;
  /** How often an idle writer asks whether its stream ended without a last task. */
  static final long IDLE_CHECK_MILLIS = 5_000;

  /** One unit of disk work. */
  @FunctionalInterface
  interface Task {
    void run() throws IOException;
  }

  private record Queued(Task task, long bytes, boolean last) {}

  private final String label;
  private final long maxQueuedBytes;
  private final RecordingMetrics metrics;
  private final Runnable onFinish;
  private final BooleanSupplier abandoned;
  private final long idleCheckMillis;
  private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(MAX_TASKS);
  private final AtomicLong queuedBytes = new AtomicLong();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean failed;
  private volatile boolean closed;

  /**
   * Starts the writer thread.
   *
   * @param label what the log lines name, e.g. {@code app=live stream=cam epoch=mx1}
   * @param onFinish run on the writer thread when it stops, after its last task or a failure
   * @param abandoned asked when the queue has been idle a while: true stops the thread (a stream
   *     that ended before its first segment never sends a last task)
   */
  RecordingWriter(String label, long maxQueuedBytes, RecordingMetrics metrics,
      Runnable onFinish, BooleanSupplier abandoned) {
    this(label, maxQueuedBytes, metrics, onFinish, abandoned, IDLE_CHECK_MILLIS);
  }

  RecordingWriter(String label, long maxQueuedBytes, RecordingMetrics metrics,
      Runnable onFinish, BooleanSupplier abandoned, long idleCheckMillis) {
    this.idleCheckMillis = idleCheckMillis;
    this.label = label;
    this.maxQueuedBytes = maxQueuedBytes;
    this.metrics = metrics;
    this.onFinish = onFinish;
    this.abandoned = abandoned;
    Thread thread = new Thread(this::loop, "recorder " + label);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code task} of {@code bytes} bytes; never blocks. Ignored once dropped or closed. */
  void submit(Task task, long bytes) {
    enqueue(new Queued(task, bytes, false));
  }

  /** Queues the last task; the thread stops after it. */
  void finish(Task task) {
    enqueue(new Queued(task, 0, true));
    closed = true;
  }

  private void enqueue(Queued q) {
    if (failed || closed) {
      return;
    }
    if (queuedBytes.addAndGet(q.bytes()) > maxQueuedBytes || !queue.offer(q)) {
      queuedBytes.addAndGet(-q.bytes());
      fail("the disk is not keeping up: " + queue.size() + " writes and "
          + queuedBytes.get() + " bytes are waiting");
      // Wakes the thread so that it stops; the queue has room once cleared.
      queue.clear();
      queue.offer(new Queued(() -> { }, 0, true));
    }
  }

  private void loop() {
    try {
      while (true) {
        Queued q = queue.poll(idleCheckMillis, TimeUnit.MILLISECONDS);
        if (q == null) {
          if (abandoned.getAsBoolean()) {
            return;
          }
          continue;
        }
        queuedBytes.addAndGet(-q.bytes());
        if (failed) {
          return;
        }
        if (q.task() == null) { // a nudge: check now rather than after the idle period
          if (abandoned.getAsBoolean()) {
            return;
          }
          continue;
        }
        try {
          q.task().run();
        } catch (IOException | RuntimeException e) {
          fail(e.toString());
          return;
        }
        if (q.last()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      queue.clear();
      onFinish.run();
      finished.countDown();
    }
  }

  private synchronized void fail(String reason) {
    if (failed) {
      return;
    }
    failed = true;
    metrics.failed();
    LOG.error("recording stopped {} reason={}; the live stream continues", label, reason);
  }

  /** Makes an idle writer ask at once whether its stream ended (at shutdown). */
  void nudge() {
    queue.offer(new Queued(null, 0, false));
  }

  /** Whether the recording was dropped. */
  boolean hasFailed() {
    return failed;
  }

  /** Whether the thread has stopped (after its last task or a failure). */
  boolean isFinished() {
    return finished.getCount() == 0;
  }

  /** Waits up to {@code timeoutMillis} for the thread to stop; true when it has. */
  boolean awaitFinished(long timeoutMillis) throws InterruptedException {
    return finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
