package io.headwater.bench.load;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ingest to availability measured from outside the server: a relay in front of the server's RTMP
 * port times when each video frame reaches the server ({@link RtmpRelay}), an HTTP observer times
 * when each segment (and part) is listed and fetchable ({@link PlaylistPoller} for plain
 * playlists, {@link BlockingReloadChain} for low-latency HLS), and each listing is paired with the
 * frame that completed it ({@link AvailabilityPairing}). Start it, then point the publisher at the
 * relay port it prints; it reports when the publisher has left. Prints {@code READY relay_port=N},
 * then one {@code RESULT} line per kind of listing, over those that end after the first
 * {@code --warmup-s} seconds of media (the CSV of {@code --events} has them all).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.headwater.bench.load.IngestAvailabilityProbe
 *   --upstream 127.0.0.1:1935 --listen 0 --label headwater-ll-on --mode blocking
 *   --playlist http://127.0.0.1:8080/live/s/v.m3u8 [--poll-us 1000] [--events events.csv]
 *   [--record publisher.bin] [--seconds 180] [--settle-ms 3000] [--warmup-s 10]
 * </pre>
 */
public final class IngestAvailabilityProbe {
  private IngestAvailabilityProbe() {}

  /** Runs one measurement; see the class comment for the options. */
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String[] upstream = args.string("upstream", null).split(":");
    int listen = args.integer("listen", 0);
    String label = args.string("label", "server");
    String mode = args.string("mode", "poll");
    URI playlist = URI.create(args.string("playlist", null));
    long pollMicros = args.integer("poll-us", 1000);
    int seconds = args.integer("seconds", 180);
    long settleMs = args.integer("settle-ms", 3000);
    String events = args.string("events", "");
    String record = args.string("record", "");
    double warmup = args.decimal("warmup-s", 10);
    if (!mode.equals("poll") && !mode.equals("blocking")) {
      throw new IllegalArgumentException("--mode is poll or blocking, got " + mode);
    }

    try (RtmpRelay relay = new RtmpRelay(new InetSocketAddress("127.0.0.1", listen),
        new InetSocketAddress(upstream[0], Integer.parseInt(upstream[1])),
        record.isEmpty() ? null : Path.of(record))) {
      PlaylistPoller poller = null;
      BlockingReloadChain chain = null;
      if (mode.equals("poll")) {
        poller = new PlaylistPoller(playlist, pollMicros, "segment");
        Thread t = new Thread(poller, "playlist-poller");
        t.setDaemon(true);
        t.start();
      } else {
        chain = new BlockingReloadChain(playlist);
        chain.start();
      }
      System.out.println("READY relay_port=" + relay.port());
      System.out.flush();
      if (!relay.awaitPublisherGone(seconds * 1000L)) {
        System.err.println("the publisher was still connected after " + seconds + " s");
      }
      Thread.sleep(settleMs); // the last segments' listings, after the publisher left
      List<Listing> listings;
      String observer;
      if (poller != null) {
        poller.stop();
        listings = poller.listings();
        observer = String.format(Locale.ROOT, "polls=%d errors=%d longest_poll_ms=%.1f",
            poller.polls(), poller.errors(), poller.longestPollNanos() / 1e6);
      } else {
        chain.stop();
        listings = chain.listings();
        observer = "requests=" + chain.requests() + " errors=" + chain.errors();
      }
      List<VideoArrival> arrivals = relay.arrivals();
      List<AvailabilityPairing.Pair> pairs =
          AvailabilityPairing.pair(arrivals, relay.audioArrivals(), listings);
      System.out.println(String.format(Locale.ROOT, "INFO label=%s video_messages=%d"
          + " keyframes=%d listings=%d %s tap_failure=%s", label, arrivals.size(),
          arrivals.stream().filter(a -> a.keyframe() && a.isFrame()).count(), listings.size(),
          observer, relay.failure() == null ? "none" : "\"" + relay.failure() + "\""));
      List<String> kinds = new ArrayList<>();
      for (Listing l : listings) {
        if (!kinds.contains(l.kind())) {
          kinds.add(l.kind());
        }
      }
      for (String kind : kinds) {
        System.out.println(AvailabilityPairing.summarise(label, kind, pairs, warmup).resultLine()
            + String.format(Locale.ROOT, " warmup_s=%.0f", warmup));
      }
      if (!events.isEmpty()) {
        writeEvents(Path.of(events), label, pairs);
      }
    }
  }

  private static void writeEvents(Path file, String label, List<AvailabilityPairing.Pair> pairs)
      throws java.io.IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      out.println("label,kind,sequence,part,media_end_s,frame_ts_ms,keyframe,listed_ms,"
          + "fetched_ms,fetch_status,poll_gap_ms,audio_after_ts_ms,audio_after_arrival_ms");
      for (AvailabilityPairing.Pair p : pairs) {
        Listing l = p.listing();
        VideoArrival f = p.completedBy();
        AudioArrival a = p.audioAfter();
        out.println(String.format(Locale.ROOT, "%s,%s,%d,%d,%.5f,%s,%s,%s,%s,%d,%.3f,%s,%s", label,
            l.kind(), l.sequence(), l.partIndex(), l.mediaEndSeconds(),
            f == null ? "" : Long.toString(f.flvTimestampMs()),
            f == null ? "" : Boolean.toString(f.keyframe()),
            f == null ? "" : String.format(Locale.ROOT, "%.3f", p.listedMs()),
            f == null ? "" : String.format(Locale.ROOT, "%.3f", p.fetchedMs()),
            l.fetchStatus(), l.pollGapNanos() / 1e6,
            a == null ? "" : Long.toString(a.flvTimestampMs()),
            a == null ? "" : String.format(Locale.ROOT, "%.3f",
                (a.arrivalNanos() - f.arrivalNanos()) / 1e6)));
      }
    }
  }
}
