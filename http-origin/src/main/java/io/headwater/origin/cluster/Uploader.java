package io.headwater.origin.cluster;

import io.headwater.storage.s3.ObjectStoreException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind to the object store, off the ingest threads: each stream has a {@link Lane} whose
 * tasks run in order (a playlist goes up only after the segments it lists), lanes run on a small
 * shared pool, and the queue of all lanes together is bounded in bytes and in count. A task that
 * does not fit is dropped at once with one WARN line per overflow episode and {@code
 * headwater_object_store_dropped_total}; the ingest thread never waits, and live serving from
 * memory goes on.
 */
final class Uploader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Uploader.class);

  /** One upload (or a few in order) that may block on the network. */
  @FunctionalInterface
  interface Task {
    /** Does the work; returns the bytes written. */
    long run() throws Exception;
  }

  private final long maxBytes;
  private final int maxTasks;
  private final UploadMetrics metrics;
  private final AtomicLong queuedBytes;
  private final AtomicInteger queuedTasks = new AtomicInteger();
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private final ExecutorService pool;

  Uploader(long maxBytes, int maxTasks, int threads, UploadMetrics metrics) {
    this.maxBytes = maxBytes;
    this.maxTasks = maxTasks;
    this.metrics = metrics;
    this.queuedBytes = metrics.queuedBytes();
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "object-store-upload-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** A new ordered lane, e.g. for one stream; {@code label} names it in log lines. */
  Lane lane(String label) {
    return new Lane(label);
  }

  /**
   * Waits up to {@code timeoutMillis} for every queued task to finish (a drain at shutdown),
   * then stops the pool.
   *
   * @return whether the queue was empty in time
   */
  boolean drain(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (this) {
      while (queuedTasks.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    return true;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  private boolean reserve(long bytes) {
    while (true) {
      long b = queuedBytes.get();
      int t = queuedTasks.get();
      if (b + bytes > maxBytes || t >= maxTasks) {
        return false;
      }
      if (queuedBytes.compareAndSet(b, b + bytes)) {
        queuedTasks.incrementAndGet();
        return true;
      }
    }
  }

  private void release(long bytes) {
    queuedBytes.addAndGet(-bytes);
    if (queuedTasks.decrementAndGet() == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Tasks of one stream, run one after the other in submission order. */
  final class Lane {
    private final String label;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    private Lane(String label) {
      this.label = label;
    }

    /**
     * Queues {@code task}, which will write about {@code bytes}; returns false (and counts a
     * drop) when the queue is full. Never blocks.
     */
    boolean submit(String what, long bytes, Task task) {
      if (!reserve(bytes)) {
        metrics.countDrop();
        if (overflowing.compareAndSet(false, true)) {
          log.warn("object store upload queue full, dropping {} {} ({} bytes); queued={} bytes "
              + "in {} objects; live serving continues", label, what, bytes, queuedBytes.get(),
              queuedTasks.get());
        }
        return false;
      }
      overflowing.set(false);
      Runnable run = () -> {
        try {
          long written = task.run();
          if (written > 0) { // a task with nothing left to write (superseded) uploaded nothing
            metrics.countUpload(written);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ObjectStoreException e) {
          metrics.countFailure();
          log.warn("object store upload failed {} {}: {}", label, what, e.getMessage());
        } catch (Exception e) {
          metrics.countFailure();
          log.warn("object store upload failed {} {}: {}", label, what, e.toString());
        } finally {
          release(bytes);
        }
      };
      synchronized (this) {
        tasks.add(run);
        if (running) {
          return true;
        }
        running = true;
      }
      try {
        pool.execute(this::runQueued);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        synchronized (this) {
          running = false;
          tasks.remove(run);
        }
        release(bytes);
        return false;
      }
      return true;
    }

    private void runQueued() {
      while (true) {
        Runnable next;
        synchronized (this) {
          next = tasks.poll();
          if (next == null) {
            running = false;
            return;
          }
        }
        next.run();
      }
    }
  }
}
