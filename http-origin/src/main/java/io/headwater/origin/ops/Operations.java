package io.headwater.origin.ops;

import io.headwater.ingest.PublishHandler;
import io.headwater.origin.http.StatusHandlers;
import io.headwater.origin.pipeline.StreamRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Everything an operator sees, wired in one place: ingest measurements in front of the stream
 * registry, viewer counting and request metrics around the HTTP routes, the access log, the
 * stats API, {@code /metrics}, {@code /readyz}, thumbnails and the dashboard.
 */
public final class Operations implements AutoCloseable {
  private final IngestTracker ingest;
  private final ViewerTracker viewers;
  private final OriginMetrics metrics;
  private final StatusHandlers status;
  private final Thumbnails thumbnails;
  private final boolean accessLog;
  private final AtomicBoolean ready = new AtomicBoolean();

  /**
   * @param registry the streams
   * @param clock the origin's clock
   * @param rtmpConnections how many RTMP connections are open
   * @param rtmpPort the port publishers connect to (for the publish URLs shown)
   * @param accessLog whether to log every HTTP request
   */
  public Operations(StreamRegistry registry, Clock clock, IntSupplier rtmpConnections,
      IntSupplier rtmpPort, boolean accessLog) {
    this.ingest = new IngestTracker(registry, clock);
    this.viewers = new ViewerTracker(clock::millis);
    this.metrics = new OriginMetrics(registry, ingest, viewers, rtmpConnections);
    this.status = new StatusHandlers(registry, ingest, viewers, metrics, rtmpConnections,
        rtmpPort);
    this.thumbnails = new Thumbnails(registry, ingest);
    this.accessLog = accessLog;
  }

  /** The publish handler to give the RTMP server: measures, then hands on to the registry. */
  public PublishHandler publishHandler() {
    return ingest;
  }

  /** Adds what {@code more} writes to each stream's JSON in {@code /api/streams}. */
  public void addStreamDetails(
      java.util.function.BiConsumer<io.headwater.origin.pipeline.LiveStream,
          com.fasterxml.jackson.databind.node.ObjectNode> more) {
    status.addDetails(more);
  }

  /** Adds the operator routes to {@code routes}. */
  public PathHandler addRoutes(PathHandler routes) {
    return routes
        .addExactPath("/api/streams", status.streams())
        .addPrefixPath("/api/streams/", status.stream())
        .addExactPath("/api/server", status.server())
        .addExactPath("/metrics", status.metrics())
        .addExactPath("/readyz", StatusHandlers.ready(ready::get))
        .addExactPath("/assets/hls.min.js", StatusHandlers.hlsJs())
        .addExactPath("/", StatusHandlers.index());
  }

  /** The handler for {@code /APP/STREAM/thumbnail.jpg}, or null for other paths. */
  public Thumbnails thumbnails() {
    return thumbnails;
  }

  /** Wraps the whole handler chain: request metrics, viewers, access log. */
  public HttpHandler wrap(HttpHandler next) {
    HttpHandler observed = new RequestObserver(thumbnails.wrap(next), metrics.registry(),
        viewers);
    return accessLog ? AccessLog.wrap(observed) : observed;
  }

  /** The Prometheus registry behind {@code /metrics}, for other parts to bind their meters. */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** Marks the origin ready (listening) or draining. */
  public void setReady(boolean on) {
    ready.set(on);
  }

  @Override
  public void close() {
    ready.set(false);
    metrics.close();
  }
}
