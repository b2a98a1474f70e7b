package io.headwater.bench.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Replays one FLV file over RTMP to N stream names at real-time rate (or {@code --speed} times
 * it) from a few threads, follows every stream's media playlist for segment availability, and
 * measures the server's CPU and memory from procfs. Prints one {@code RESULT key=value ...} line.
 * Each thread wakes every {@code --batch-ms} (default 20) and writes each stream's tags due by
 * then with one call; the line reports the tool's own CPU ({@code tool_cpu_pct}, % of one core),
 * how late it handed tags over ({@code send_lag_max_ms}, up to one batch by design) and the
 * longest time the server left bytes unread ({@code write_backlog_max_ms}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.headwater.bench.load.LoadPublisher
 *   --rtmp rtmp://127.0.0.1:1935/live --streams 10 --file input.flv --seconds 40 --warmup 10
 *   --playlist http://127.0.0.1:8080/live/{stream}/ts/index.m3u8 --server-pid 1234
 * </pre>
 */
public final class LoadPublisher {
  private LoadPublisher() {}

  /** Runs one load step; see the class comment for the options. */
  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    URI rtmp = URI.create(args.string("rtmp", null));
    String app = rtmp.getPath().substring(1);
    int n = args.integer("streams", 1);
    String prefix = args.string("prefix", "s");
    FlvLoop file = FlvLoop.load(Path.of(args.string("file", null)));
    int seconds = args.integer("seconds", 40);
    int warmup = args.integer("warmup", 10);
    int threads = args.integer("threads", 2);
    long batchNanos = args.integer("batch-ms", 20) * 1_000_000L;
    double speed = args.decimal("speed", 1.0);
    String playlist = args.string("playlist", null);
    long serverPid = Long.parseLong(args.string("server-pid", "0"));
    String label = args.string("label", "server");
    double probeRps = args.decimal("probe-rps", 400);
    long probeIntervalMs = Math.max(100, (long) (n * 1000 / probeRps));

    ProcStats idle = serverPid > 0 ? ProcStats.of(serverPid) : null;
    InetSocketAddress server = new InetSocketAddress(rtmp.getHost(),
        rtmp.getPort() < 0 ? 1935 : rtmp.getPort());
    List<RtmpPublishClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // 40 connections per source address: under per-address limits, on loopback only.
      InetSocketAddress local = server.getAddress().isLoopbackAddress()
          ? new InetSocketAddress("127.0." + (1 + i / 40 / 250) + "." + (2 + i / 40 % 250), 0)
          : null;
      clients.add(RtmpPublishClient.publish(server, local, app, prefix + i));
    }
    long t0 = System.nanoTime() + 200_000_000L;
    long end = t0 + seconds * 1_000_000_000L;
    long measureFrom = t0 + warmup * 1_000_000_000L;
    List<PublishedStream> streams = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Spread the streams' keyframes over one 2 s GOP, as independent encoders are.
      long offset = 2_000_000_000L * i / n;
      streams.add(new PublishedStream(prefix + i, clients.get(i), t0 + offset));
    }
    List<Thread> workers = new ArrayList<>();
    List<PublisherWorker> jobs = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      List<PublishedStream> group = new ArrayList<>();
      for (int i = w; i < n; i += threads) {
        group.add(streams.get(i));
      }
      PublisherWorker job = new PublisherWorker(file, group, speed, end, batchNanos);
      jobs.add(job);
      workers.add(new Thread(job, "publisher-" + w));
    }
    long selfPid = ProcessHandle.current().pid();
    LatencyLog delays = new LatencyLog();
    List<AvailabilityProbe> probes = new ArrayList<>();
    ScheduledExecutorService probeThreads = Executors.newScheduledThreadPool(4);
    for (int i = 0; i < n; i++) {
      AvailabilityProbe probe = new AvailabilityProbe(streams.get(i),
          URI.create(playlist.replace("{stream}", prefix + i)));
      probe.measureFrom(measureFrom);
      probes.add(probe);
      long firstMs = 200 + probeIntervalMs * i / n;
      probeThreads.scheduleWithFixedDelay(() -> probe.poll(delays), firstMs, probeIntervalMs,
          TimeUnit.MILLISECONDS);
    }
    workers.forEach(Thread::start);
    sleepUntil(measureFrom);
    ProcStats atWarm = serverPid > 0 ? ProcStats.of(serverPid) : null;
    ProcStats selfAtWarm = ProcStats.of(selfPid);
    long sentMsAtWarm = streams.stream().mapToLong(s -> s.sentMediaMs).sum();
    sleepUntil(end);
    ProcStats atEnd = serverPid > 0 ? ProcStats.of(serverPid) : null;
    ProcStats selfAtEnd = ProcStats.of(selfPid);
    long sentMsAtEnd = streams.stream().mapToLong(s -> s.sentMediaMs).sum();
    for (Thread t : workers) {
      t.join();
    }
    probeThreads.shutdown();
    probeThreads.awaitTermination(10, TimeUnit.SECONDS);
    probes.forEach(AvailabilityProbe::close);

    long failed = streams.stream().filter(s -> s.failed).count();
    long maxLagMs = streams.stream().mapToLong(s -> s.maxLagNanos).max().orElse(0) / 1_000_000;
    long stoppedAt = System.nanoTime();
    long backlogMs = streams.stream().mapToLong(s -> s.client.maxBacklogNanos(stoppedAt)).max()
        .orElse(0) / 1_000_000;
    long writeCalls = streams.stream().mapToLong(s -> s.client.writeCalls()).sum();
    long rounds = jobs.stream().mapToLong(j -> j.rounds).sum();
    int probeErrors = probes.stream().mapToInt(p -> p.errors).sum();
    int unmatched = probes.stream().mapToInt(p -> p.unmatched).sum();
    long gaps = probes.stream().mapToLong(p -> p.sequenceGaps).sum();
    long segments = probes.stream().mapToLong(p -> p.segmentsSeen).sum();
    // A stream is behind when its last listed segment ends more than two segments and 1 s
    // before the media sent last: the segment in progress may hold up to one GOP more.
    long behind = 0;
    for (int i = 0; i < n; i++) {
      if (streams.get(i).sentMediaMs - probes.get(i).lastEndMediaMs > 5_000) {
        behind++;
      }
    }
    StringBuilder out = new StringBuilder("RESULT");
    out.append(" label=").append(label).append(" streams=").append(n)
        .append(" seconds=").append(seconds).append(" warmup=").append(warmup)
        .append(" speed=").append(speed)
        .append(" input_kbps=").append(file.bitsPerSecond() / 1000)
        .append(" probe_interval_ms=").append(probeIntervalMs);
    if (atEnd != null) {
      double streamSeconds = (double) n * (seconds - warmup) * speed;
      out.append(fmt(" cpu_s_per_stream_s=%.5f", (atEnd.cpuSeconds() - atWarm.cpuSeconds())
          / streamSeconds));
      // Per stream-second actually sent: when this machine cannot send in real time, the
      // nominal figure above credits the server with media it never received.
      double sentStreamSeconds = (sentMsAtEnd - sentMsAtWarm) / 1000.0;
      out.append(fmt(" sent_stream_s=%.1f", sentStreamSeconds));
      out.append(fmt(" cpu_s_per_sent_stream_s=%.5f", sentStreamSeconds <= 0 ? 0
          : (atEnd.cpuSeconds() - atWarm.cpuSeconds()) / sentStreamSeconds));
      out.append(fmt(" cpu_pct_core_total=%.1f", 100 * (atEnd.cpuSeconds() - atWarm.cpuSeconds())
          / (seconds - warmup)));
      out.append(" rss_kb=").append(atEnd.rssKb()).append(" pss_kb=").append(atEnd.pssKb())
          .append(" rss_kb_idle=").append(idle.rssKb())
          .append(" pss_kb_idle=").append(idle.pssKb())
          .append(" pss_kb_per_stream=").append((atEnd.pssKb() - idle.pssKb()) / n);
    }
    out.append(" segments=").append(segments)
        .append(fmt(" delay_p50_ms=%.1f", delays.percentile(50)))
        .append(fmt(" delay_p99_ms=%.1f", delays.percentile(99)))
        .append(fmt(" delay_max_ms=%.1f", delays.percentile(100)))
        .append(" late_segments=").append(delays.countAbove(1000))
        .append(" streams_behind=").append(behind)
        .append(" sequence_gaps=").append(gaps)
        .append(" unmatched=").append(unmatched)
        .append(" probe_errors=").append(probeErrors)
        .append(" publishers_failed=").append(failed)
        .append(" send_lag_max_ms=").append(maxLagMs)
        .append(" write_backlog_max_ms=").append(backlogMs)
        .append(" batch_ms=").append(batchNanos / 1_000_000)
        .append(fmt(" writes_per_stream_s=%.1f", (double) writeCalls / n / seconds))
        .append(fmt(" rounds_per_s=%.0f", (double) rounds / seconds))
        .append(fmt(" tool_cpu_pct=%.1f", 100 * (selfAtEnd.cpuSeconds() - selfAtWarm.cpuSeconds())
            / (seconds - warmup)));
    System.out.println(out);
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
