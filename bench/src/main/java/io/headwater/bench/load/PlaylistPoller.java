package io.headwater.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Learns when each segment of a plain (not low-latency) live media playlist is listed by
 * re-reading the playlist in a tight loop over one keep-alive connection, as nothing else tells a
 * client: a new segment was listed between the previous response and the one that first shows
 * it. Each new segment is then fetched on a second connection to note when it is servable.
 * Start it before the publisher so that it sees the first segment (media sequence 0) appear:
 * segment end times are the sum of EXTINFs from there.
 */
final class PlaylistPoller implements Runnable {
  private final URI playlist;
  private final long intervalNanos;
  private final String kind;
  private final MiniHttp http;
  private final MiniHttp fetcher;
  private final List<Listing> listings = new CopyOnWriteArrayList<>();
  private final Map<Long, Double> endSeconds = new HashMap<>();
  private volatile boolean stopped;
  private long lastSequence = -1;
  private long polls;
  private long errors;
  private volatile long longestPollNanos;

  PlaylistPoller(URI playlist, long intervalMicros, String kind) {
    this.playlist = playlist;
    this.intervalNanos = intervalMicros * 1000;
    this.kind = kind;
    InetSocketAddress server = new InetSocketAddress(playlist.getHost(), playlist.getPort());
    this.http = new MiniHttp(server);
    this.fetcher = new MiniHttp(server);
  }

  /** What was listed so far. */
  List<Listing> listings() {
    return List.copyOf(listings);
  }

  long polls() {
    return polls;
  }

  long errors() {
    return errors;
  }

  /** The longest time one playlist request took: what the polling's resolution was at worst. */
  long longestPollNanos() {
    return longestPollNanos;
  }

  void stop() {
    stopped = true;
  }

  @Override
  public void run() {
    String path = pathAndQuery(playlist);
    long previousNanos = System.nanoTime();
    while (!stopped) {
      long start = System.nanoTime();
      MiniHttp.Response r;
      try {
        r = http.get(path);
      } catch (IOException e) {
        errors++;
        r = null;
      }
      long now = System.nanoTime();
      polls++;
      longestPollNanos = Math.max(longestPollNanos, now - start);
      if (r != null && r.status() == 200) {
        onPlaylist(LivePlaylist.parse(r.text()), now, now - previousNanos);
      }
      previousNanos = now;
      long next = start + intervalNanos;
      while (!stopped && System.nanoTime() < next) {
        LockSupport.parkNanos(next - System.nanoTime());
      }
    }
    http.close();
    fetcher.close();
  }

  private void onPlaylist(LivePlaylist p, long seenNanos, long gapNanos) {
    for (LivePlaylist.Segment s : p.segments()) {
      if (s.sequence() <= lastSequence) {
        continue;
      }
      lastSequence = s.sequence();
      Double previousEnd = s.sequence() == 0 ? Double.valueOf(0) : endSeconds.get(s.sequence() - 1);
      if (previousEnd == null) {
        continue; // joined after the start: its place on the media timeline is unknown
      }
      double end = previousEnd + s.durationSeconds();
      endSeconds.put(s.sequence(), end);
      int status;
      try {
        status = fetcher.get(pathAndQuery(playlist.resolve(s.uri()))).status();
      } catch (IOException e) {
        status = -1;
      }
      listings.add(new Listing(kind, s.sequence(), -1, end, seenNanos, gapNanos,
          System.nanoTime(), status));
    }
  }

  /** The request target of {@code uri} (RFC 9112 3.2.1, origin form). */
  static String pathAndQuery(URI uri) {
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }
}
