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

  /**
   * One client of one stream as seen on one connection, which requests on that connection reuse:
   * the client is put into the stream's map at most once per {@link #REFRESH_MS}, not on every
   * segment request, so it counts for 29-30 s after its last request instead of exactly 30.
   */
  public static final class Client {
    private final String path;
    private final String id;
    private volatile long recordedAtMs = Long.MIN_VALUE; // never

    private Client(String path, String id) {
      this.path = path;
      this.id = id;
    }

    /** The stream, "app/stream". */
    public String path() {
      return path;
    }

    /** The client's identity (address and User-Agent). */
    public String id() {
      return id;
    }
  }

  /** How often a {@link Client} that keeps requesting is put into its stream's map again. */
  static final long REFRESH_MS = 1_000;

  /** A handle for client {@code id} of stream "app/stream", for {@link #record(Client, long)}. */
  public Client client(String path, String id) {
    return new Client(path, id);
  }

  /** A request of {@code client} for an object of its stream sent {@code sent} bytes. */
  public void record(Client client, long sent) {
    long now = clockMillis.getAsLong();
    long last = client.recordedAtMs;
    if (last == Long.MIN_VALUE || now - last >= REFRESH_MS || now < last) {
      seen(client.path, client.id, now);
      client.recordedAtMs = now;
    }
    addBytes(client.path, sent);
  }

  /** A request of {@code client} for an object of stream "app/stream" sent {@code sent} bytes. */
  public void record(String path, String client, long sent) {
    seen(path, client, clockMillis.getAsLong());
    addBytes(path, sent);
  }

  private void seen(String path, String client, long now) {
    ConcurrentHashMap<String, Long> m = clients.computeIfAbsent(path,
        p -> new ConcurrentHashMap<>());
    if (m.size() >= MAX_CLIENTS_PER_STREAM) {
      prune(m, now);
    }
    m.put(client, now);
  }

  private void addBytes(String path, long sent) {
    AtomicLong b = bytes.get(path);
    if (b == null) {
      b = bytes.computeIfAbsent(path, p -> new AtomicLong());
    }
    b.addAndGet(Math.max(0, sent));
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
