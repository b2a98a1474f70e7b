package io.headwater.origin.ops;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Current viewers of each stream: distinct clients (address and User-Agent) that fetched one of
 * its playlists or segments in the last 30 s, and the bytes served per stream. Recording is a
 * map put on the I/O thread; counting walks only that stream's clients.
 */
public final class ViewerTracker {
  /** A client counts as a viewer this long after its last request. */
  public static final long WINDOW_MS = 30_000;
  /** Most clients remembered per stream; older ones are pruned first when it is reached. */
  static final int MAX_CLIENTS_PER_STREAM = 100_000;

  private final LongSupplier clockMillis;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> clients =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicLong> bytes = new ConcurrentHashMap<>();

  public ViewerTracker(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** A request of {@code client} for an object of stream "app/stream" sent {@code sent} bytes. */
  public void record(String path, String client, long sent) {
    ConcurrentHashMap<String, Long> m = clients.computeIfAbsent(path,
        p -> new ConcurrentHashMap<>());
    long now = clockMillis.getAsLong();
    if (m.size() >= MAX_CLIENTS_PER_STREAM) {
      prune(m, now);
    }
    m.put(client, now);
    bytes.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(Math.max(0, sent));
  }

  /** Distinct clients of "app/stream" in the last 30 s. */
  public int viewers(String path) {
    ConcurrentHashMap<String, Long> m = clients.get(path);
    if (m == null) {
      return 0;
    }
    prune(m, clockMillis.getAsLong());
    return m.size();
  }

  /** Bytes of playlists and media served for "app/stream". */
  public long bytesServed(String path) {
    AtomicLong b = bytes.get(path);
    return b == null ? 0 : b.get();
  }

  /** Forgets streams that no longer exist. */
  public void retainOnly(java.util.Set<String> paths) {
    clients.keySet().retainAll(paths);
    bytes.keySet().retainAll(paths);
  }

  private static void prune(ConcurrentHashMap<String, Long> m, long now) {
    m.values().removeIf(t -> t < now - WINDOW_MS);
  }
}
