package io.headwater.origin.cluster;

import io.headwater.storage.StoredSegment;
import io.headwater.storage.s3.ObjectStoreException;
import io.headwater.storage.s3.S3ObjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored playlist objects again for the requests an origin node holds on them: one poll
 * loop per object key, shared by all its waiters (one GET per interval, not one per waiter),
 * running while anyone waits and stopped as soon as no one does. Each read is offered to every
 * waiter; those it satisfies leave.
 */
final class PlaylistPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PlaylistPoller.class);

  /** A held request's interest in a playlist. */
  @FunctionalInterface
  interface Waiter {
    /** Sees a fresh read; returns true when done with the playlist (it stops waiting). */
    boolean offer(Polled polled);
  }

  /**
   * One read of a playlist object.
   *
   * @param object its bytes and when they were stored
   * @param playlist what they say
   */
  record Polled(StoredSegment object, StoredPlaylist playlist) {}

  private final S3ObjectStore store;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.atomic.AtomicLong reads =
      new java.util.concurrent.atomic.AtomicLong();
  /** Guarded by {@code this}. */
  private final Map<String, Watch> watches = new HashMap<>();

  /** The waiters of one key and how often it is read for them. */
  private static final class Watch {
    final String key;
    final Set<Waiter> waiters = new LinkedHashSet<>();
    long pollMillis;

    Watch(String key, long pollMillis) {
      this.key = key;
      this.pollMillis = pollMillis;
    }
  }

  PlaylistPoller(S3ObjectStore store, int threads) {
    this.store = store;
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread t = new Thread(r, "playlist-poller-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.timer = pool;
  }

  /**
   * Adds {@code waiter} to the readers of {@code key}, read every {@code pollMillis} (the
   * shortest any waiter asked for) from now on until no one waits.
   */
  synchronized void watch(String key, long pollMillis, Waiter waiter) {
    Watch watch = watches.get(key);
    if (watch == null) {
      watch = new Watch(key, pollMillis);
      watches.put(key, watch);
      schedule(watch);
    }
    watch.pollMillis = Math.min(watch.pollMillis, pollMillis);
    watch.waiters.add(waiter);
  }

  /** Removes {@code waiter} (timed out, or its client left); the loop stops when none is left. */
  synchronized void cancel(String key, Waiter waiter) {
    Watch watch = watches.get(key);
    if (watch != null) {
      watch.waiters.remove(waiter);
    }
  }

  /** Keys read now: one per playlist with held requests. */
  synchronized int watchedKeys() {
    return watches.size();
  }

  /** Reads of playlist objects so far, all keys together. */
  long reads() {
    return reads.get();
  }

  private void schedule(Watch watch) {
    try {
      timer.schedule(() -> poll(watch), watch.pollMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      watches.remove(watch.key, watch); // closing: held requests time out
    }
  }

  private void poll(Watch watch) {
    List<Waiter> waiting;
    synchronized (this) {
      if (watch.waiters.isEmpty()) {
        watches.remove(watch.key, watch);
        return;
      }
      waiting = new ArrayList<>(watch.waiters);
    }
    Polled polled = read(watch.key);
    List<Waiter> done = new ArrayList<>();
    if (polled != null) {
      for (Waiter w : waiting) {
        try {
          if (w.offer(polled)) {
            done.add(w);
          }
        } catch (RuntimeException e) {
          log.warn("held request on {} failed: {}", watch.key, e.toString());
          done.add(w);
        }
      }
    }
    synchronized (this) {
      done.forEach(watch.waiters::remove);
      if (watch.waiters.isEmpty()) {
        watches.remove(watch.key, watch);
        return;
      }
      schedule(watch);
    }
  }

  /** The object and what it says, or null when it is missing, unreadable or the store failed. */
  private Polled read(String key) {
    reads.incrementAndGet();
    try {
      Optional<StoredSegment> object = store.get(key);
      return object.map(o -> new Polled(o, StoredPlaylist.parse(o.bytes()))).orElse(null);
    } catch (ObjectStoreException | IllegalArgumentException e) {
      log.debug("playlist poll of {} failed: {}", key, e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
