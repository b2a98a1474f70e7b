package io.headwater.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * M simulated players on live HLS streams, each on its own keep-alive connection (spread over
 * loopback source addresses like the publishers): reload the media playlist every half target
 * duration (RFC 8216 6.3.4), fetch every segment not fetched yet, starting three from the live
 * edge. Records the latency of every request (request written to body read) and the errors
 * (non-200 answers, I/O failures). Prints one {@code RESULT key=value ...} line.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.headwater.bench.load.ViewerSimulator
 *   --playlist http://127.0.0.1:8080/live/{stream}/ts/index.m3u8 --streams 10 --viewers 500
 *   --seconds 30 --threads 64
 * </pre>
 */
public final class ViewerSimulator {
  private ViewerSimulator() {}

  /** Runs the viewers; see the class comment for the options. */
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String template = args.string("playlist", null);
    int streams = args.integer("streams", 10);
    String prefix = args.string("prefix", "s");
    int viewers = args.integer("viewers", 100);
    int seconds = args.integer("seconds", 30);
    int threads = args.integer("threads", 64);
    long reloadMs = args.integer("reload-ms", 1000);
    String label = args.string("label", "server");

    LatencyLog playlistMs = new LatencyLog();
    LatencyLog segmentMs = new LatencyLog();
    AtomicLong errors = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    ScheduledExecutorService pool = Executors.newScheduledThreadPool(threads);
    List<Viewer> all = new ArrayList<>();
    for (int v = 0; v < viewers; v++) {
      URI playlist = URI.create(template.replace("{stream}", prefix + (v % streams)));
      Viewer viewer = new Viewer(playlist, v, playlistMs, segmentMs, errors, bytes);
      all.add(viewer);
      pool.scheduleWithFixedDelay(viewer::cycle, reloadMs * v / viewers, reloadMs,
          TimeUnit.MILLISECONDS);
    }
    TimeUnit.SECONDS.sleep(seconds);
    pool.shutdownNow();
    pool.awaitTermination(15, TimeUnit.SECONDS);
    all.forEach(Viewer::close);
    int requests = playlistMs.count() + segmentMs.count();
    System.out.println("RESULT label=" + label + " viewers=" + viewers + " streams=" + streams
        + " seconds=" + seconds + " requests=" + requests
        + fmt(" req_per_s=%.0f", (double) requests / seconds)
        + fmt(" mbit_per_s=%.1f", bytes.get() * 8 / 1e6 / seconds)
        + fmt(" playlist_p50_ms=%.2f", playlistMs.percentile(50))
        + fmt(" playlist_p99_ms=%.2f", playlistMs.percentile(99))
        + fmt(" segment_p50_ms=%.2f", segmentMs.percentile(50))
        + fmt(" segment_p99_ms=%.2f", segmentMs.percentile(99))
        + fmt(" all_p99_ms=%.2f", Math.max(playlistMs.percentile(99), segmentMs.percentile(99)))
        + " errors=" + errors.get());
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }

  /** One player: its connection and the last segment it fetched. */
  private static final class Viewer {
    private final MiniHttp http;
    private final String playlistPath;
    private final String base;
    private final LatencyLog playlistMs;
    private final LatencyLog segmentMs;
    private final AtomicLong errors;
    private final AtomicLong bytes;
    private long lastFetched = -1;

    Viewer(URI playlist, int index, LatencyLog playlistMs, LatencyLog segmentMs,
        AtomicLong errors, AtomicLong bytes) {
      this.http = new MiniHttp(new InetSocketAddress(playlist.getHost(), playlist.getPort()),
          new InetSocketAddress("127.0.1." + (2 + index / 1000), 0));
      this.playlistPath = playlist.getRawPath();
      this.base = playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1);
      this.playlistMs = playlistMs;
      this.segmentMs = segmentMs;
      this.errors = errors;
      this.bytes = bytes;
    }

    void cycle() {
      try {
        long start = System.nanoTime();
        MiniHttp.Response r = http.get(playlistPath);
        playlistMs.add((System.nanoTime() - start) / 1e6);
        if (r.status() != 200) {
          errors.incrementAndGet();
          return;
        }
        bytes.addAndGet(r.body().length);
        List<MediaPlaylistLines.Segment> segments = MediaPlaylistLines.parse(r.text()).segments();
        int from = Math.max(0, segments.size() - 3);
        for (int i = from; i < segments.size(); i++) {
          MediaPlaylistLines.Segment s = segments.get(i);
          if (s.sequence() <= lastFetched) {
            continue;
          }
          String uri = s.uri().startsWith("/") ? s.uri() : base + s.uri();
          long t = System.nanoTime();
          MiniHttp.Response seg = http.get(uri);
          segmentMs.add((System.nanoTime() - t) / 1e6);
          if (seg.status() != 200) {
            errors.incrementAndGet();
          } else {
            bytes.addAndGet(seg.body().length);
          }
          lastFetched = s.sequence();
        }
      } catch (java.io.IOException | RuntimeException e) {
        errors.incrementAndGet();
        http.close();
      }
    }

    void close() {
      http.close();
    }
  }
}
