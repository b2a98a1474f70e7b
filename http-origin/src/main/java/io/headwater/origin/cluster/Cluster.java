package io.headwater.origin.cluster;

import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.Manifests;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamObserver;
import io.headwater.origin.recording.RecordingSink;
import io.headwater.origin.security.SecuritySettings;
import io.headwater.storage.SegmentStore;
import io.headwater.storage.s3.S3ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in a cluster sharing one object store: on an ingest node, the observer that
 * writes every stream to the store ({@link #observe}); on an origin node, the handler that
 * serves streams from it ({@link #originHandler}). {@link #close()} waits for queued uploads.
 */
public final class Cluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Cluster.class);
  /** How long closing waits for queued uploads (the final playlists among them). */
  private static final long DRAIN_MILLIS = 10_000;
  /** Threads reading stored playlists for held LL-HLS requests (origin nodes). */
  private static final int POLL_THREADS = 8;

  private final ClusterSettings settings;
  private final S3ObjectStore store;
  private final Clock clock;
  private final UploadMetrics metrics = new UploadMetrics();
  private final Uploader uploader;
  private final Manifests manifests = new Manifests();
  private final java.util.Set<StoreWriter> writers =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ScheduledExecutorService heartbeat;
  private volatile String nodeUrl;
  /** Reads the playlists that held LL-HLS requests wait on (origin nodes; idle otherwise). */
  private final PlaylistPoller poller;

  /** Opens the store client; nothing is sent until the first stream or request. */
  public Cluster(ClusterSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.store = new S3ObjectStore(settings.s3());
    this.uploader = new Uploader(settings.uploadQueueBytes(), settings.uploadQueueObjects(), 4,
        metrics);
    this.nodeUrl = settings.nodeUrl();
    // Each poll is one blocking GET: 8 threads keep up with about 8 / GET latency reads a
    // second (400 at 20 ms, some 50 LL-HLS streams with held requests at 4 polls a second per
    // playlist). Threads start only as polls need them.
    this.poller = new PlaylistPoller(store, POLL_THREADS);
    this.heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "stream-registry-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long refresh = settings.registryRefresh().toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, refresh, refresh,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    log.info("cluster node role={} store={}", settings.role(), settings.s3());
  }

  public NodeRole role() {
    return settings.role();
  }

  /** The upload counters (also on /metrics once {@link #bindTo} ran). */
  public UploadMetrics metrics() {
    return metrics;
  }

  /** Registers the upload metrics and the playlist polls of held requests. */
  public void bindTo(MeterRegistry registry) {
    metrics.bindTo(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "headwater_object_store_playlist_polls", poller, PlaylistPoller::reads)
        .description("Reads of stored playlists for held LL-HLS requests (origin nodes).")
        .register(registry);
  }

  /**
   * Sets the URL written into registry objects when the settings name none, from the HTTP
   * listener's address and port (known only once it listens): the host name when it binds all
   * addresses.
   */
  public void defaultNodeUrl(String bindAddress, int httpPort) {
    if (settings.nodeUrl() != null) {
      return;
    }
    String host = bindAddress;
    if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "localhost";
      }
    }
    nodeUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort;
  }

  /**
   * The observers of a new stream: {@code local} (recordings, with the DVR window they keep)
   * and the store writer, which reads LL-HLS parts from {@code memory}, the live streams' store.
   */
  public StreamObserver.Factory observe(StreamObserver.Factory local, SegmentStore memory) {
    return stream -> ObserverPair.of(local.create(stream), writer(stream, memory));
  }

  /**
   * Where recordings go besides the disk on an ingest node: the store, under {@code
   * recordings/APP/STREAM/EPOCH/}, through the same bounded upload queue as live objects.
   */
  public RecordingSink.Factory recordingSink() {
    return new RecordingUploads(store, uploader);
  }

  private StreamObserver writer(LiveStream stream, SegmentStore memory) {
    StoreWriter[] self = new StoreWriter[1];
    Uploader.Lane lane = uploader.lane("app=" + stream.app() + " stream=" + stream.name());
    self[0] = new StoreWriter(stream, store, lane, manifests, clock, nodeUrl,
        settings.registryRefresh().toMillis(), () -> writers.remove(self[0]),
        onNewSegment -> new LowLatencyUploads(stream, memory, store, lane, manifests, metrics,
            onNewSegment));
    writers.add(self[0]);
    return self[0];
  }

  /** Rewrites the registry object of every live stream of this node. */
  private void beat() {
    for (StoreWriter w : writers) {
      try {
        w.heartbeat();
      } catch (RuntimeException e) {
        metrics.countFailure();
        log.debug("stream registry heartbeat failed: {}", e.getMessage());
      }
    }
  }

  /**
   * The handler of {@code /APP/STREAM/...} on an origin node; the manifests of applications
   * whose playback rule in {@code security} needs a token carry the request's token.
   */
  public HttpHandler originHandler(CachePolicy policy, SecuritySettings security) {
    java.util.Set<String> tokenApps = new java.util.HashSet<>();
    security.playback().forEach((app, rule) -> {
      if (rule.needsToken()) {
        tokenApps.add(app);
      }
    });
    return new StoreOriginHandler(store, policy, clock, tokenApps, poller);
  }

  /** Waits up to 10 s for queued uploads (the final playlists), then stops the client. */
  @Override
  public void close() {
    try {
      if (!uploader.drain(DRAIN_MILLIS)) {
        log.warn("object store uploads still queued after {} ms; stopping without them",
            DRAIN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeat.shutdownNow();
    poller.close();
    uploader.close();
    store.close();
  }
}
