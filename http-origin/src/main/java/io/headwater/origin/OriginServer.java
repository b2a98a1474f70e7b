package io.headwater.origin;

import io.headwater.ingest.auth.PublishAuthorizer;
import io.headwater.ingest.server.RtmpServer;
import io.headwater.ingest.server.RtmpServerConfig;
import io.headwater.origin.cluster.Cluster;
import io.headwater.origin.cluster.ClusterSettings;
import io.headwater.origin.cluster.NodeRole;
import io.headwater.origin.demo.DemoPublisher;
import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.CorsHandler;
import io.headwater.origin.http.LadderHandler;
import io.headwater.origin.http.Manifests;
import io.headwater.origin.http.SmallHandlers;
import io.headwater.origin.http.StreamHandler;
import io.headwater.origin.ladder.AbrDetails;
import io.headwater.origin.ladder.GroupTokens;
import io.headwater.origin.ladder.RenditionGroups;
import io.headwater.origin.ops.Operations;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.recording.Recordings;
import io.headwater.origin.security.OriginSecurity;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.origin.transcode.Transcoders;
import io.headwater.storage.InMemorySegmentStore;
import io.headwater.storage.SegmentStore;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HandlerWrapper;
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
  private final Operations ops;
  private final Recordings recordings;
  private final Transcoders transcoders;
  private final OriginSecurity security;
  /** This node's part in a cluster sharing an object store, or null for a single node. */
  private final Cluster cluster;
  /** The RTMPS listener's port and certificate, or null without {@code rtmp.tls}. */
  private final TlsConfig rtmpTls;
  private final javax.net.ssl.SSLContext rtmpTlsContext;
  private DemoPublisher demo;
  private int httpPort;
  private int httpsPort;

  private OriginServer(OriginConfig config, Clock clock, RtmpServerConfig rtmpConfig,
      PublishAuthorizer authorizer, HandlerWrapper httpWrapper, SecuritySettings securitySettings,
      Cluster cluster) throws IOException {
    this.config = config;
    this.cluster = cluster;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stream-timers");
      t.setDaemon(true);
      return t;
    });
    this.store = new InMemorySegmentStore(clock);
    this.registry = new StreamRegistry(config::settingsFor, store, clock, scheduler);
    this.recordings = Recordings.start(config.recording(), clock);
    registry.observeWith(cluster == null ? recordings : cluster.observe(recordings, store));
    if (cluster != null && cluster.role() == NodeRole.INGEST) {
      recordings.mirrorTo(cluster.recordingSink()); // recordings go to the store as well
    }
    this.ops = new Operations(registry, clock, this::rtmpConnections, this::rtmpPort,
        config.accessLog());
    recordings.metrics().bindTo(ops.meterRegistry());
    OriginSecurity security = new OriginSecurity(securitySettings, authorizer, clock);
    this.security = security;
    security.bindTo(ops.meterRegistry());
    this.transcoders = new Transcoders(config::abrFor, loopbackOf(config.bindAddress()),
        this::rtmpPort);
    transcoders.bindTo(ops.meterRegistry());
    this.rtmp = new RtmpServer(
        rtmpConfig.withBind(address(config.bindAddress()), config.rtmpPort()),
        transcoders.publishHandler(
            security.limitIngest(recordings.publishHandler(ops.publishHandler()))),
        transcoders.authorizer(security.publishAuthorizer()), security.takeoverPolicy());
    this.rtmpTls = securitySettings.rtmpTls();
    this.rtmpTlsContext = rtmpTls == null ? null
        : OriginSecurity.tlsContext(rtmpTls.certificate(), rtmpTls.privateKey());
    CachePolicy policy = new CachePolicy(config.streamSettings().endedRetention());
    Manifests manifests = new Manifests();
    RenditionGroups groups = new RenditionGroups(registry, app -> config.abrFor(app).naming());
    ops.addStreamDetails(new AbrDetails(groups, app -> config.abrFor(app).naming(), transcoders));
    PathHandler routes = Handlers.path(new LadderHandler(groups,
        GroupTokens.of(securitySettings, clock), policy, security.streamRoutes(
        new StreamHandler(registry, store, policy, manifests), registry, policy, manifests)))
        .addExactPath("/time", SmallHandlers.time(clock))
        .addExactPath("/healthz", SmallHandlers.health())
        .addPrefixPath("/vod", recordings.vodHandler())
        .addPrefixPath("/api/recordings", recordings.apiHandler());
    if (cluster != null) {
      cluster.bindTo(ops.meterRegistry());
      if (cluster.role() == NodeRole.ORIGIN) {
        // streams from the store, manifests with the request's playback token
        routes.addPrefixPath("/", cluster.originHandler(policy, securitySettings));
      }
    }
    ops.addRoutes(routes);
    Undertow.Builder http = Undertow.builder()
        .addHttpListener(config.httpPort(), config.bindAddress())
        // HTTP/2: h2c (upgrade, prior knowledge) on HTTP, h2 by ALPN on HTTPS (RFC 9113 3)
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .setHandler(httpWrapper.wrap(security.wrapHttp(
            ops.wrap(new CorsHandler(config.corsAllowOrigins(), routes)))));
    security.applyServerOptions(http);
    if (config.httpTls() != null) {
      TlsConfig tls = config.httpTls();
      http.addHttpsListener(tls.port(), config.bindAddress(),
          OriginSecurity.tlsContext(tls.certificate(), tls.privateKey()));
    }
    this.undertow = http.build();
  }

  /** Where the origin reaches its own RTMP listener: loopback unless bound elsewhere. */
  private static String loopbackOf(String bindAddress) {
    return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1"
        : bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
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
    return start(config, clock, config.rtmpServerConfig(), PublishAuthorizer.ALLOW_ALL);
  }

  /**
   * Starts an origin whose HTTP handler chain is wrapped by {@code httpWrapper}, e.g. to count or
   * refuse requests in tests of cache tiers in front of it.
   */
  public static OriginServer start(OriginConfig config, Clock clock, HandlerWrapper httpWrapper)
      throws IOException {
    OriginServer server = new OriginServer(config, clock, config.rtmpServerConfig(),
        PublishAuthorizer.ALLOW_ALL, httpWrapper, SecuritySettings.OPEN, null);
    server.startListeners();
    return server;
  }

  /**
   * Starts an origin with RTMP limits and timeouts from {@code rtmpConfig} (its address and port
   * are replaced by those of {@code config}) and publishes checked by {@code authorizer}.
   */
  public static OriginServer start(OriginConfig config, Clock clock, RtmpServerConfig rtmpConfig,
      PublishAuthorizer authorizer) throws IOException {
    OriginServer server = new OriginServer(config, clock, rtmpConfig, authorizer, h -> h,
        SecuritySettings.OPEN, null);
    server.startListeners();
    return server;
  }

  /**
   * Starts an origin that checks publishers and viewers as {@code security} says (the
   * configuration's {@code apps.NAME.publish} and {@code apps.NAME.playback}).
   */
  public static OriginServer start(OriginConfig config, Clock clock, SecuritySettings security)
      throws IOException {
    OriginServer server = new OriginServer(config, clock, config.rtmpServerConfig(),
        PublishAuthorizer.ALLOW_ALL, h -> h, security, null);
    server.startListeners();
    return server;
  }

  /**
   * Starts a node of a cluster sharing an object store ({@code storage.type: s3}): an ingest
   * node writes its streams to the store, an origin node serves streams from it and accepts no
   * RTMP. A null {@code cluster} starts a single node.
   */
  public static OriginServer start(OriginConfig config, Clock clock, SecuritySettings security,
      ClusterSettings cluster) throws IOException {
    OriginServer server = new OriginServer(config, clock, config.rtmpServerConfig(),
        PublishAuthorizer.ALLOW_ALL, h -> h, security,
        cluster == null ? null : new Cluster(cluster, clock));
    server.startListeners();
    return server;
  }

  private void startListeners() throws IOException {
    if (cluster == null || cluster.role() == NodeRole.INGEST) {
      rtmp.start();
    }
    if (rtmpTlsContext != null) {
      try {
        rtmp.startTls(rtmpTls.port(), rtmpTlsContext);
      } catch (IOException e) {
        rtmp.close();
        throw new IOException("cannot listen for RTMPS on " + config.bindAddress() + ":"
            + rtmpTls.port() + ": " + e.getMessage(), e);
      }
    }
    try {
      undertow.start();
    } catch (RuntimeException e) {
      rtmp.close();
      throw new IOException("cannot listen for HTTP on " + config.bindAddress() + ":"
          + config.httpPort() + ": " + e.getMessage(), e);
    }
    security.applyToListeners(undertow);
    for (Undertow.ListenerInfo listener : undertow.getListenerInfo()) {
      int port = ((InetSocketAddress) listener.getAddress()).getPort();
      if (listener.getProtcol().equals("https")) {
        httpsPort = port;
      } else {
        httpPort = port;
      }
    }
    log.info("origin listening rtmp={}:{} http={}:{}", config.bindAddress(), rtmpPort(),
        config.bindAddress(), httpPort);
    if (config.httpTls() != null) {
      log.info("origin listening https={}:{} certificate={}", config.bindAddress(), httpsPort,
          config.httpTls().certificate());
    }
    if (cluster != null) {
      cluster.defaultNodeUrl(config.bindAddress(), httpPort);
    }
    if (config.demo()) {
      demo = new DemoPublisher(ops.publishHandler(), "live", "demo",
          DemoPublisher.DEFAULT_RESOURCE);
      demo.start();
    }
    ops.setReady(true);
  }

  /** The RTMP port, or 0 on an origin node of a cluster (it accepts no RTMP). */
  public int rtmpPort() {
    return cluster != null && cluster.role() == NodeRole.ORIGIN ? 0 : rtmp.port();
  }

  /** The RTMPS port, or 0 when the configuration has no {@code rtmp.tls}. */
  public int rtmpsPort() {
    return rtmpTlsContext == null ? 0 : rtmp.tlsPort();
  }

  public int httpPort() {
    return httpPort;
  }

  /** The HTTPS port, or 0 when the config has no TLS listener. */
  public int httpsPort() {
    return httpsPort;
  }

  private int rtmpConnections() {
    return rtmp == null ? 0 : rtmp.connectionCount();
  }

  public StreamRegistry registry() {
    return registry;
  }

  public SegmentStore store() {
    return store;
  }

  @Override
  public void close() {
    ops.setReady(false);
    log.info("origin draining: ending streams");
    if (demo != null) {
      try {
        demo.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    transcoders.close();
    rtmp.close();
    registry.close();
    recordings.close(); // before the cluster: the recordings' last files go to the store too
    if (cluster != null) {
      cluster.close(); // waits for the final playlists to reach the store
    }
    undertow.stop();
    scheduler.shutdownNow();
    ops.close();
    log.info("origin stopped");
  }
}
