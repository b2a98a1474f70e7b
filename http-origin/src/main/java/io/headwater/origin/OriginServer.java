package io.headwater.origin;

import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.server.RtmpServer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.demo.DemoPublisher;
import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.CorsHandler;
import io.headwater.origin.http.Manifests;
import io.headwater.origin.http.SmallHandlers;
import io.headwater.origin.http.StatusHandlers;
import io.headwater.origin.http.StreamHandler;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one origin: the RTMP ingest, the stream registry with its pipelines, the segment store
 * and the Undertow HTTP routes. {@link #close()} ends every stream (EXT-X-ENDLIST) and stops.
 */
public final class OriginServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OriginServer.class);

  private final OriginConfig config;
  private final ScheduledExecutorService scheduler;
  private final SegmentStore store;
  private final StreamRegistry registry;
  private final RtmpServer rtmp;
  private final Undertow undertow;
  private DemoPublisher demo;
  private int httpPort;

  private OriginServer(OriginConfig config, Clock clock, RtmpServerConfig rtmpConfig,
      PublishAuthorizer authorizer) {
    this.config = config;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stream-timers");
      t.setDaemon(true);
      return t;
    });
    this.store = new InMemorySegmentStore(clock);
    this.registry = new StreamRegistry(app -> config.streamSettings(), store, clock, scheduler);
    this.rtmp = new RtmpServer(
        rtmpConfig.withBind(address(config.bindAddress()), config.rtmpPort()), registry,
        authorizer);
    CachePolicy policy = new CachePolicy(config.streamSettings().endedRetention());
    PathHandler routes = Handlers.path(new StreamHandler(registry, store, policy, new Manifests()))
        .addExactPath("/time", SmallHandlers.time(clock))
        .addExactPath("/healthz", SmallHandlers.health())
        .addExactPath("/api/streams", StatusHandlers.apiStreams(registry))
        .addExactPath("/metrics", StatusHandlers.metrics(registry, store))
        .addExactPath("/", StatusHandlers.index(registry));
    this.undertow = Undertow.builder()
        .addHttpListener(config.httpPort(), config.bindAddress())
        .setHandler(new CorsHandler(config.corsAllowOrigin(), routes))
        .build();
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve bind address " + host, e);
    }
  }

  /** Starts an origin; the ports of a config with port 0 are chosen by the system. */
  public static OriginServer start(OriginConfig config, Clock clock) throws IOException {
    return start(config, clock, RtmpServerConfig.defaults(), PublishAuthorizer.ALLOW_ALL);
  }

  /**
   * Starts an origin with RTMP limits and timeouts from {@code rtmpConfig} (its address and port
   * are replaced by those of {@code config}) and publishes checked by {@code authorizer}.
   */
  public static OriginServer start(OriginConfig config, Clock clock, RtmpServerConfig rtmpConfig,
      PublishAuthorizer authorizer) throws IOException {
    OriginServer server = new OriginServer(config, clock, rtmpConfig, authorizer);
    server.startListeners();
    return server;
  }

  private void startListeners() throws IOException {
    rtmp.start();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      rtmp.close();
      throw new IOException("cannot listen for HTTP on " + config.bindAddress() + ":"
          + config.httpPort() + ": " + e.getMessage(), e);
    }
    httpPort = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    log.info("origin listening rtmp={}:{} http={}:{}", config.bindAddress(), rtmp.port(),
        config.bindAddress(), httpPort);
    if (config.demo()) {
      demo = new DemoPublisher(registry, "live", "demo", DemoPublisher.DEFAULT_RESOURCE);
      demo.start();
    }
  }

  public int rtmpPort() {
    return rtmp.port();
  }

  public int httpPort() {
    return httpPort;
  }

  public StreamRegistry registry() {
    return registry;
  }

  public SegmentStore store() {
    return store;
  }

  @Override
  public void close() {
    if (demo != null) {
      try {
        demo.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    rtmp.close();
    registry.close();
    undertow.stop();
    scheduler.shutdownNow();
    log.info("origin stopped");
  }
}
