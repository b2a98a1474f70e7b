package io.headwater.origin.ops;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The origin's Prometheus registry (Micrometer): JVM metrics, RTMP connections and refused
 * publishes, HTTP requests (fed by {@link RequestObserver}), and per-stream series labelled
 * {@code app} and {@code stream} that are added when a stream appears and removed with it.
 */
public final class OriginMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final StreamRegistry streams;
  private final IngestTracker ingest;
  private final ViewerTracker viewers;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, List<Meter>> perStream = new HashMap<>();

  public OriginMetrics(StreamRegistry streams, IngestTracker ingest, ViewerTracker viewers,
      IntSupplier rtmpConnections) {
    this.streams = streams;
    this.ingest = ingest;
    this.viewers = viewers;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("headwater_rtmp_connections", rtmpConnections::getAsInt)
        .description("RTMP connections open.").register(registry);
    FunctionCounter.builder("headwater_rtmp_publishes", ingest, IngestTracker::publishes)
        .description("Publishes accepted.").register(registry);
    FunctionCounter.builder("headwater_rtmp_rejections", ingest, IngestTracker::rejected)
        .description("Publishes refused (bad or busy name, limits).").register(registry);
    Gauge.builder("headwater_streams", () -> streams.streams().size())
        .description("Streams known to the origin (live or retained).").register(registry);
    Gauge.builder("headwater_publishers",
            () -> streams.streams().stream().filter(LiveStream::isPublishing).count())
        .description("Streams with a connected publisher.").register(registry);
  }

  /** The registry, for request metrics. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Adds series of new streams, drops series of released ones, and returns the text format. */
  public synchronized String scrape() {
    sync();
    return registry.scrape();
  }

  /** Brings the per-stream meters in line with the registry's streams. */
  public synchronized void sync() {
    Map<String, LiveStream> now = streams.streams().stream()
        .collect(Collectors.toMap(LiveStream::path, s -> s, (a, b) -> a));
    for (String gone : Set.copyOf(perStream.keySet())) {
      if (!now.containsKey(gone)) {
        perStream.remove(gone).forEach(registry::remove);
      }
    }
    ingest.retainOnly(now.keySet());
    viewers.retainOnly(now.keySet());
    for (LiveStream s : now.values()) {
      if (!perStream.containsKey(s.path())) {
        perStream.put(s.path(), register(s));
      }
    }
  }

  private List<Meter> register(LiveStream s) {
    Tags tags = Tags.of("app", s.app(), "stream", s.name());
    String path = s.path();
    List<Meter> meters = new ArrayList<>();
    meters.add(FunctionCounter.builder("headwater_ingest_bytes", s, LiveStream::bytesIn)
        .description("Media bytes received from the publisher.").tags(tags).register(registry));
    meters.add(counter("headwater_ingest_frames", "Frames received.", s,
        tags.and("track", "video"), x -> stats(path).videoFrames()));
    meters.add(counter("headwater_ingest_frames", "Frames received.", s,
        tags.and("track", "audio"), x -> stats(path).audioFrames()));
    meters.add(gauge("headwater_ingest_bitrate_bps", "Ingest bitrate over the last 10 s.", s,
        tags.and("track", "video"), x -> stats(path).videoBitrate()));
    meters.add(gauge("headwater_ingest_bitrate_bps", "Ingest bitrate over the last 10 s.", s,
        tags.and("track", "audio"), x -> stats(path).audioBitrate()));
    meters.add(counter("headwater_segments", "Segments packaged.", s, tags, x -> segments(x)));
    meters.add(counter("headwater_forced_cuts", "Segments cut without a keyframe because the "
        + "encoder's GOP was longer than the target duration.", s, tags, LiveStream::forcedCuts));
    meters.add(counter("headwater_dropped_samples", "Frames dropped (late or out of order).", s,
        tags, LiveStream::droppedSamples));
    meters.add(gauge("headwater_viewers", "Distinct clients in the last 30 s.", s, tags,
        x -> viewers.viewers(path)));
    meters.add(counter("headwater_served_bytes", "Bytes of playlists and media served.", s,
        tags, x -> viewers.bytesServed(path)));
    return meters;
  }

  private IngestStats.Snapshot stats(String path) {
    IngestStats st = ingest.stats(path);
    return st == null ? new IngestStats().snapshot() : st.snapshot();
  }

  static long segments(LiveStream s) {
    StreamView v = s.view();
    return v == null ? 0 : v.snapshot().lastSegment().sequenceNumber() + 1;
  }

  private Meter counter(String name, String help, LiveStream s, Tags tags,
      ToDoubleFunction<LiveStream> f) {
    return FunctionCounter.builder(name, s, f).description(help).tags(tags).register(registry);
  }

  private Meter gauge(String name, String help, LiveStream s, Tags tags,
      ToDoubleFunction<LiveStream> f) {
    return Gauge.builder(name, s, f).description(help).tags(tags).register(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
