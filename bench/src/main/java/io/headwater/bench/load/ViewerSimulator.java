package io.headwater.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * M simulated players on live HLS streams, each on its own keep-alive connection (250 per
 * loopback source address, like the publishers' 40): reload the media playlist every
 * {@code --reload-ms} after the previous reload's fetches ended (default 1 s, half a 2 s target
 * duration, RFC 8216 6.3.4), fetch every segment not fetched yet, starting three from the live
 * edge. All viewers are driven by {@code --threads} selector threads (default 2, see
 * {@link ViewerLoop}), so that the client's own CPU stays small beside the server's. Records the
 * latency of every request (started to last byte read) and the errors (non-200 answers, I/O
 * failures, no answer within 10 s). Prints one {@code RESULT key=value ...} line, with the
 * tool's own CPU ({@code tool_cpu_pct}, % of one core).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.headwater.bench.load.ViewerSimulator
 *   --playlist http://127.0.0.1:8080/live/{stream}/ts/index.m3u8 --streams 10 --viewers 500
 *   --seconds 30 --threads 2
 * </pre>
 */
public final class ViewerSimulator {
  /**
   * Viewers per loopback source address: under Headwater's 500 connections per client address
   * ({@code limits.http.maxConnectionsPerAddress}), as distinct players' addresses are.
   */
  static final int VIEWERS_PER_ADDRESS = 250;

  private ViewerSimulator() {}

  /** Runs the viewers; see the class comment for the options. */
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String template = args.string("playlist", null);
    int streams = args.integer("streams", 10);
    String prefix = args.string("prefix", "s");
    int viewers = args.integer("viewers", 100);
    int seconds = args.integer("seconds", 30);
    int threads = Math.max(1, args.integer("threads", 2));
    long reloadNanos = args.integer("reload-ms", 1000) * 1_000_000L;
    String label = args.string("label", "server");

    LatencyLog playlistMs = new LatencyLog();
    LatencyLog segmentMs = new LatencyLog();
    List<ViewerLoop> loops = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      loops.add(new ViewerLoop(reloadNanos, playlistMs, segmentMs));
    }
    long t0 = System.nanoTime() + 50_000_000L;
    for (int v = 0; v < viewers; v++) {
      URI playlist = URI.create(template.replace("{stream}", prefix + (v % streams)));
      ViewerLoop loop = loops.get(v % threads);
      loop.add(new NioViewer(loop, new InetSocketAddress(playlist.getHost(), playlist.getPort()),
          new InetSocketAddress("127.0.1." + (2 + v / VIEWERS_PER_ADDRESS), 0),
          playlist.getRawPath()),
          t0 + reloadNanos * v / viewers);
    }
    long selfPid = ProcessHandle.current().pid();
    ProcStats selfAtStart = ProcStats.of(selfPid);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(loops.get(t), "viewers-" + t);
      thread.start();
      running.add(thread);
    }
    TimeUnit.SECONDS.sleep(seconds);
    loops.forEach(ViewerLoop::stop);
    for (Thread thread : running) {
      thread.join();
    }
    ProcStats selfAtEnd = ProcStats.of(selfPid);
    long errors = loops.stream().mapToLong(ViewerLoop::errors).sum();
    long bytes = loops.stream().mapToLong(ViewerLoop::bytes).sum();
    int requests = playlistMs.count() + segmentMs.count();
    System.out.println("RESULT label=" + label + " viewers=" + viewers + " streams=" + streams
        + " seconds=" + seconds + " requests=" + requests
        + fmt(" req_per_s=%.0f", (double) requests / seconds)
        + fmt(" mbit_per_s=%.1f", bytes * 8 / 1e6 / seconds)
        + fmt(" playlist_p50_ms=%.2f", playlistMs.percentile(50))
        + fmt(" playlist_p99_ms=%.2f", playlistMs.percentile(99))
        + fmt(" segment_p50_ms=%.2f", segmentMs.percentile(50))
        + fmt(" segment_p99_ms=%.2f", segmentMs.percentile(99))
        + fmt(" all_p99_ms=%.2f", Math.max(playlistMs.percentile(99), segmentMs.percentile(99)))
        + fmt(" all_max_ms=%.2f", Math.max(playlistMs.percentile(100), segmentMs.percentile(100)))
        + fmt(" start_lag_p99_ms=%.2f", loops.stream()
            .mapToDouble(l -> l.startLagLog().percentile(99)).max().orElse(0))
        + " errors=" + errors
        + " threads=" + threads
        + fmt(" tool_cpu_pct=%.1f", 100 * (selfAtEnd.cpuSeconds() - selfAtStart.cpuSeconds())
            / seconds));
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
