package io.headwater.origin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headwater.origin.ops.IngestStats;
import io.headwater.origin.ops.IngestTracker;
import io.headwater.origin.ops.OriginMetrics;
import io.headwater.origin.ops.ViewerTracker;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamFormatsAt;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The operator's endpoints: {@code /api/streams}, {@code /api/streams/APP/STREAM} and
 * {@code /api/server} (JSON), {@code /metrics} (Prometheus), {@code /readyz}, and the dashboard
 * at {@code /} with its hls.js player from the WebJar.
 */
public final class StatusHandlers {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The hls.js WebJar's player inside the jar (org.webjars.npm:hls.js). */
  static final String HLS_JS = "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js";

  private final StreamRegistry registry;
  private final IngestTracker ingest;
  private final ViewerTracker viewers;
  private final OriginMetrics metrics;
  private final IntSupplier rtmpConnections;
  private final IntSupplier rtmpPort;
  private final Instant startedAt;
  private final String version;
  private volatile BiConsumer<LiveStream, ObjectNode> details = (stream, json) -> { };

  public StatusHandlers(StreamRegistry registry, IngestTracker ingest, ViewerTracker viewers,
      OriginMetrics metrics, IntSupplier rtmpConnections, IntSupplier rtmpPort) {
    this.registry = registry;
    this.ingest = ingest;
    this.viewers = viewers;
    this.metrics = metrics;
    this.rtmpConnections = rtmpConnections;
    this.rtmpPort = rtmpPort;
    this.startedAt = registry.now();
    String v = StatusHandlers.class.getPackage().getImplementationVersion();
    this.version = v == null ? "dev" : v;
  }

  /** Adds what {@code more} writes to each stream's JSON object (e.g. its ABR ladder). */
  public void addDetails(BiConsumer<LiveStream, ObjectNode> more) {
    BiConsumer<LiveStream, ObjectNode> before = details;
    details = before.andThen(more);
  }

  private List<LiveStream> sorted() {
    return registry.streams().stream().sorted(Comparator.comparing(LiveStream::path)).toList();
  }

  /** {@code /api/streams}: every stream with its measurements. */
  public HttpHandler streams() {
    return exchange -> {
      ObjectNode root = JSON.createObjectNode();
      ArrayNode list = root.putArray("streams");
      for (LiveStream s : sorted()) {
        describe(list.addObject(), s);
      }
      json(exchange, StatusCodes.OK, root);
    };
  }

  /** {@code /api/streams/APP/STREAM}: one stream, 404 when unknown. */
  public HttpHandler stream() {
    return exchange -> {
      String[] parts = exchange.getRelativePath().replaceFirst("^/", "").split("/");
      LiveStream s = parts.length == 2 ? registry.get(parts[0], parts[1]) : null;
      if (s == null) {
        ObjectNode err = JSON.createObjectNode().put("error", "no such stream");
        json(exchange, StatusCodes.NOT_FOUND, err);
        return;
      }
      ObjectNode o = JSON.createObjectNode();
      describe(o, s);
      json(exchange, StatusCodes.OK, o);
    };
  }

  private void describe(ObjectNode o, LiveStream s) {
    o.put("app", s.app());
    o.put("stream", s.name());
    o.put("state", s.isEnded() ? "ended" : s.isPublishing() ? "live" : "waiting");
    o.put("uptimeSeconds", Duration.between(s.createdAt(), registry.now()).toSeconds());
    IngestStats st = ingest.stats(s.path());
    IngestStats.Snapshot in = st == null ? null : st.snapshot();
    ObjectNode pub = o.putObject("publisher");
    pub.put("address", in == null ? "" : in.remote());
    pub.put("encoder", in == null ? "" : in.encoder());
    pub.put("publishes", in == null ? 0 : in.publishes());
    o.put("bytesIn", s.bytesIn());
    o.put("viewers", viewers.viewers(s.path()));
    o.put("bytesServed", viewers.bytesServed(s.path()));
    o.put("droppedFrames", s.droppedSamples());
    o.put("forcedCuts", s.forcedCuts());
    o.put("discontinuities", in == null ? 0 : Math.max(0, in.publishes() - 1));
    ObjectNode urls = o.putObject("urls");
    String base = "/" + s.path() + "/";
    urls.put("hls", base + "index.m3u8");
    urls.put("hlsTs", base + "ts/index.m3u8");
    urls.put("dash", base + "index.mpd");
    urls.put("thumbnail", base + "thumbnail.jpg");
    urls.put("rtmp", "/" + s.path());
    StreamView v = s.view();
    o.put("segments", v == null ? 0 : v.snapshot().lastSegment().sequenceNumber() + 1);
    if (v != null) {
      o.put("targetDurationSeconds", v.snapshot().targetDurationSeconds());
    }
    ArrayNode tracks = o.putArray("tracks");
    StreamFormatsAt f = v == null ? null : v.currentFormats();
    if (f != null && f.video() != null) {
      ObjectNode t = tracks.addObject();
      t.put("type", "video");
      t.put("codec", f.video().config().codecString());
      t.put("width", f.video().avc().width());
      t.put("height", f.video().avc().height());
      t.put("frameRate", in == null ? 0 : in.frameRate());
      t.put("keyframeIntervalSeconds", in == null ? 0 : in.keyframeIntervalSeconds());
      t.put("bitrate", in == null ? 0 : in.videoBitrate());
      t.put("frames", in == null ? 0 : in.videoFrames());
    }
    if (f != null && f.audio() != null) {
      ObjectNode t = tracks.addObject();
      t.put("type", "audio");
      t.put("codec", f.audio().config().codecString());
      t.put("sampleRate", f.audio().aac().sampleRate());
      t.put("channels", f.audio().aac().channels());
      t.put("bitrate", in == null ? 0 : in.audioBitrate());
      t.put("frames", in == null ? 0 : in.audioFrames());
    }
    details.accept(s, o);
  }

  /** {@code /api/server}: version, uptime, connections, memory. */
  public HttpHandler server() {
    return exchange -> {
      Runtime rt = Runtime.getRuntime();
      ObjectNode o = JSON.createObjectNode();
      o.put("version", version);
      o.put("startedAt", startedAt.toString());
      o.put("uptimeSeconds", Duration.between(startedAt, registry.now()).toSeconds());
      o.put("rtmpConnections", rtmpConnections.getAsInt());
      o.put("rtmpPort", rtmpPort.getAsInt());
      o.put("streams", registry.streams().size());
      o.put("publishers", registry.streams().stream().filter(LiveStream::isPublishing).count());
      o.put("publishesRejected", ingest.rejected());
      ObjectNode mem = o.putObject("memory");
      mem.put("heapUsedBytes", rt.totalMemory() - rt.freeMemory());
      mem.put("heapMaxBytes", rt.maxMemory());
      mem.put("nonHeapUsedBytes",
          ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed());
      o.put("javaVersion", Runtime.version().toString());
      json(exchange, StatusCodes.OK, o);
    };
  }

  /** {@code /metrics}: Prometheus text format 0.0.4. */
  public HttpHandler metrics() {
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CachePolicy.NO_STORE);
      Responses.bytes(exchange, StatusCodes.OK, ContentTypes.PROMETHEUS,
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
    };
  }

  /** {@code /readyz}: 200 while listening and accepting publishers, 503 once draining. */
  public static HttpHandler ready(Supplier<Boolean> ready) {
    return exchange -> {
      boolean ok = ready.get();
      Responses.text(exchange, ok ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
          CachePolicy.NO_STORE, ok ? "ready\n" : "draining\n");
    };
  }

  /** {@code /}: the dashboard page. */
  public static HttpHandler index() {
    byte[] page = resource("io/headwater/origin/dashboard.html");
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CachePolicy.NO_STORE);
      Responses.bytes(exchange, StatusCodes.OK, ContentTypes.HTML, page);
    };
  }

  /** {@code /assets/hls.min.js}: the player, from the hls.js WebJar in the jar. */
  public static HttpHandler hlsJs() {
    byte[] js = resource(HLS_JS);
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=86400");
      Responses.bytes(exchange, StatusCodes.OK, "application/javascript", js);
    };
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusHandlers.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " in the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void json(HttpServerExchange exchange, int status, ObjectNode body)
      throws IOException {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CachePolicy.NO_STORE);
    Responses.bytes(exchange, status, ContentTypes.JSON,
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
  }
}
