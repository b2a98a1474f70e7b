package io.headwater.origin.ops;

import io.headwater.origin.http.CachePolicy;
import io.headwater.origin.http.ContentTypes;
import io.headwater.origin.http.Delivery;
import io.headwater.origin.http.Representation;
import io.headwater.origin.pipeline.LiveStream;
import io.headwater.origin.pipeline.StreamRegistry;
import io.headwater.origin.pipeline.StreamView;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /APP/STREAM/thumbnail.jpg}: the stream's latest keyframe as a JPEG, decoded with JCodec
 * on a worker thread (never the I/O thread) at most once per segment. Its strong ETag and
 * Last-Modified name the keyframe it was decoded from, so a client or CDN revalidates with a 304
 * until a new keyframe has been decoded; it may be cached half a target duration.
 */
public final class Thumbnails {
  private static final Logger log = LoggerFactory.getLogger(Thumbnails.class);
  private static final String SUFFIX = "/thumbnail.jpg";

  /** One decoded thumbnail and the validators of the keyframe it came from. */
  private record Thumb(ByteBuffer jpeg, String etag, Instant lastModified) {}

  /** The thumbnail of a stream and the segment count it was made at (null: none yet). */
  private record Cached(long segments, Thumb thumb) {}

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
      // a suffix check first: every segment request passes here
      String[] parts = path.endsWith(SUFFIX) ? path.split("/") : null;
      if (parts == null || parts.length != 4) {
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
    StreamView view = s == null ? null : s.view();
    Thumb thumb = view == null ? null : thumb(s);
    if (thumb == null) {
      exchange.setStatusCode(StatusCodes.NOT_FOUND);
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, CachePolicy.NOT_FOUND);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, ContentTypes.TEXT);
      exchange.getResponseSender().send("no thumbnail for " + app + "/" + name + "\n");
      return;
    }
    Delivery.send(exchange, new Representation(thumb.jpeg().duplicate(), ContentTypes.JPEG,
        null, thumb.etag(), thumb.lastModified(),
        CachePolicy.thumbnail(view.snapshot().targetDurationSeconds()), /* immutable= */ false));
  }

  /** The thumbnail of the latest keyframe, decoded again only when a new segment exists. */
  private Thumb thumb(LiveStream s) {
    long segments = OriginMetrics.segments(s);
    Cached c = cache.get(s.path());
    if (c != null && c.segments() == segments) {
      return c.thumb();
    }
    Thumb previous = c == null ? null : c.thumb();
    IngestStats st = ingest.stats(s.path());
    IngestStats.Keyframe k = st == null ? null : st.latestKeyframe();
    if (k == null) {
      return previous;
    }
    String etag = etag(k);
    if (previous != null && previous.etag().equals(etag)) {
      cache.put(s.path(), new Cached(segments, previous));
      return previous;
    }
    try {
      byte[] jpeg = KeyframeDecoder.toJpeg(k.avcConfig(), k.tag());
      Thumb made = new Thumb(ByteBuffer.wrap(jpeg).asReadOnlyBuffer(), etag, k.receivedAt());
      cache.put(s.path(), new Cached(segments, made));
      return made;
    } catch (RuntimeException | java.io.IOException e) {
      // JCodec lacks some H.264 tools (MBAFF, 4:2:2, 4:4:4, high bit depth): try again only
      // with the next segment, so that one such stream logs once per segment, not per request.
      log.warn("thumbnail decode failed app={} stream={}: {}", s.app(), s.name(), e.toString());
      cache.put(s.path(), new Cached(segments, previous));
      return previous;
    }
  }

  /**
   * A strong entity tag for the JPEG of keyframe {@code k} (RFC 9110 8.8.3): its arrival time in
   * milliseconds and its number, which no other keyframe of this or a later publish shares.
   */
  private static String etag(IngestStats.Keyframe k) {
    return "\"kf-" + Long.toString(k.receivedAt().toEpochMilli(), 36) + "-" + k.number() + "\"";
  }
}
