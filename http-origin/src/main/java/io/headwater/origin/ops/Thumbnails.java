package io.headwater.origin.ops;

import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /APP/STREAM/thumbnail.jpg}: the stream's latest keyframe as a JPEG, decoded with JCodec
 * on a worker thread (never the I/O thread) at most once per segment.
 */
public final class Thumbnails {
  private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);
  private static final String SUFFIX = "/thumbnail.jpg";

  private record Cached(long segments, byte[] jpeg) {}

  private final StreamRegistry registry;
  private final IngestTracker ingest;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  Thumbnails(StreamRegistry registry, IngestTracker ingest) {
    this.registry = registry;
    this.ingest = ingest;
  }

  /** Answers thumbnail requests and passes every other request to {@code next}. */
  HttpHandler wrap(HttpHandler next) {
    return exchange -> {
      String path = exchange.getRelativePath();
      String[] parts = path.split("/");
      if (!path.endsWith(SUFFIX) || parts.length != 4) {
        next.handleRequest(exchange);
        return;
      }
      if (exchange.isInIoThread()) {
        exchange.dispatch(() -> serve(exchange, parts[1], parts[2]));
        return;
      }
      serve(exchange, parts[1], parts[2]);
    };
  }

  private void serve(HttpServerExchange exchange, String app, String name) {
    LiveStream s = registry.get(app, name);
    byte[] jpeg = s == null ? null : jpeg(s);
    if (jpeg == null) {
      exchange.setStatusCode(StatusCodes.NOT_FOUND);
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "public, max-age=1");
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("no thumbnail for " + app + "/" + name + "\n");
      return;
    }
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/jpeg");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, jpeg.length);
    exchange.getResponseSender().send(ByteBuffer.wrap(jpeg));
  }

  /** The JPEG of the latest keyframe, decoded again only when a new segment exists. */
  byte[] jpeg(LiveStream s) {
    long segments = OriginMetrics.segments(s);
    Cached c = cache.get(s.path());
    if (c != null && c.segments() == segments) {
      return c.jpeg();
    }
    IngestStats st = ingest.stats(s.path());
    if (st == null || st.avcConfigTag() == null || st.latestKeyframeTag() == null) {
      return c == null ? null : c.jpeg();
    }
    try {
      byte[] jpeg = KeyframeDecoder.toJpeg(st.avcConfigTag(), st.latestKeyframeTag());
      cache.put(s.path(), new Cached(segments, jpeg));
      return jpeg;
    } catch (RuntimeException | java.io.IOException e) {
      // JCodec lacks some H.264 tools (MBAFF, 4:2:2, 4:4:4, high bit depth): try again only
      // with the next segment, so that one such stream logs once per segment, not per request.
      log.warn("thumbnail decode failed app={} stream={}: {}", s.app(), s.name(), e.toString());
      byte[] previous = c == null ? null : c.jpeg();
      cache.put(s.path(), new Cached(segments, previous));
      return previous;
    }
  }
}
