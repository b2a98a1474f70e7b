package io.headwater.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Learns when each part and each segment of a low-latency HLS media playlist is listed, without
 * polling error, from blocking playlist reloads (draft-pantos-hls-rfc8216bis 6.2.5.2): the server
 * holds {@code _HLS_msn=M&_HLS_part=P} until part P of segment M is listed and answers at once.
 * Two chains run on connections of their own: one asks for the part after the last one listed,
 * the other for the next complete segment ({@code _HLS_msn} alone), so that a segment's listing
 * is seen when it happens even when its last part was listed before it. Everything first listed
 * is fetched right away on a third connection.
 */
final class BlockingReloadChain {
  private static final long RETRY_NANOS = 1_000_000;

  private final URI playlist;
  private final InetSocketAddress server;
  private final List<Listing> listings = new CopyOnWriteArrayList<>();
  private final MiniHttp fetcher;
  private final Set<Long> segmentsSeen = new HashSet<>();
  private final Set<String> partsSeen = new HashSet<>();
  /** Segment sequence -> end in media seconds, as far as known (sum of EXTINFs from 0). */
  private final Map<Long, Double> segmentEnds = new HashMap<>();
  private volatile boolean stopped;
  private volatile long requests;
  private volatile long errors;

  BlockingReloadChain(URI playlist) {
    this.playlist = playlist;
    this.server = new InetSocketAddress(playlist.getHost(), playlist.getPort());
    this.fetcher = new MiniHttp(server);
  }

  /** Starts both chains on daemon threads. */
  void start() {
    Thread parts = new Thread(() -> chain(true), "ll-parts");
    Thread segments = new Thread(() -> chain(false), "ll-segments");
    parts.setDaemon(true);
    segments.setDaemon(true);
    parts.start();
    segments.start();
  }

  List<Listing> listings() {
    return List.copyOf(listings);
  }

  long requests() {
    return requests;
  }

  long errors() {
    return errors;
  }

  void stop() {
    stopped = true;
  }

  private void chain(boolean forParts) {
    MiniHttp http = new MiniHttp(server);
    String base = PlaylistPoller.pathAndQuery(playlist);
    String separator = base.contains("?") ? "&" : "?";
    String next = base;
    while (!stopped) {
      MiniHttp.Response r;
      try {
        r = http.get(next);
      } catch (IOException e) {
        r = null;
      }
      long now = System.nanoTime();
      requests++;
      if (r == null || r.status() != 200) {
        // not live yet (404), or a reload the server gave up holding (503): start over plainly
        if (r == null || r.status() != 404) {
          errors++;
        }
        next = base;
        LockSupport.parkNanos(RETRY_NANOS);
        continue;
      }
      LivePlaylist p = LivePlaylist.parse(r.text());
      if (p.ended()) {
        break;
      }
      record(p, now);
      if (forParts) {
        next = base + separator + "_HLS_msn=" + p.nextSequence() + "&_HLS_part="
            + p.openParts().size();
      } else {
        next = base + separator + "_HLS_msn=" + p.nextSequence();
      }
    }
    http.close();
  }

  private synchronized void record(LivePlaylist p, long seenNanos) {
    for (LivePlaylist.Segment s : p.segments()) {
      Double start = s.sequence() == 0 ? Double.valueOf(0) : segmentEnds.get(s.sequence() - 1);
      if (start != null) {
        segmentEnds.put(s.sequence(), start + s.durationSeconds());
      }
      recordParts(s.sequence(), s.parts(), start, seenNanos);
      if (start != null && segmentsSeen.add(s.sequence())) {
        int status = fetch(s.uri());
        listings.add(new Listing("segment", s.sequence(), -1, start + s.durationSeconds(),
            seenNanos, 0, System.nanoTime(), status));
      }
    }
    long open = p.nextSequence();
    recordParts(open, p.openParts(), open == 0 ? Double.valueOf(0) : segmentEnds.get(open - 1),
        seenNanos);
  }

  private void recordParts(long sequence, List<LivePlaylist.Part> parts, Double segmentStart,
      long seenNanos) {
    if (segmentStart == null) {
      return;
    }
    double end = segmentStart;
    for (int i = 0; i < parts.size(); i++) {
      LivePlaylist.Part part = parts.get(i);
      end += part.durationSeconds();
      if (partsSeen.add(sequence + "." + i)) {
        int status = fetch(part.uri());
        listings.add(new Listing("part", sequence, i, end, seenNanos, 0, System.nanoTime(),
            status));
      }
    }
  }

  private int fetch(String uri) {
    try {
      return fetcher.get(PlaylistPoller.pathAndQuery(playlist.resolve(uri))).status();
    } catch (IOException e) {
      return -1;
    }
  }
}
