package io.headwater.origin.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the low-latency requests held open until their part or segment exists (LL-HLS blocking
 * reloads and preload-hinted parts, LL-DASH open segments): at most {@code maxPerStream} per
 * stream and {@code maxTotal} in all ({@code limits.http.maxBlockedRequests...}). One over it
 * gets 503 with Retry-After at once (draft-pantos-hls-rfc8216bis 6.2.5.2 lets a server answer 503
 * when it cannot hold a request), counted in {@code headwater_http_blocked_refused_total}. The
 * limit travels with each exchange, so the request handlers take a place with {@link #admit}.
 */
public final class BlockedRequestLimit {
  private static final Logger LOG = LoggerFactory.getLogger(BlockedRequestLimit.class);
  private static final AttachmentKey<BlockedRequestLimit> KEY =
      AttachmentKey.create(BlockedRequestLimit.class);

  private final int maxTotal;
  private final int maxPerStream;
  private final LongAdder refused;
  private final Map<String, Integer> perStream = new HashMap<>();
  private int total;

  BlockedRequestLimit(int maxTotal, int maxPerStream, LongAdder refused) {
    if (maxTotal < 1 || maxPerStream < 1) {
      throw new IllegalArgumentException("limits must be at least 1: " + maxTotal + ", "
          + maxPerStream);
    }
    this.maxTotal = maxTotal;
    this.maxPerStream = maxPerStream;
    this.refused = refused;
  }

  /** {@code next}, with this limit attached to every exchange it handles. */
  HttpHandler attachTo(HttpHandler next) {
    return exchange -> {
      exchange.putAttachment(KEY, this);
      next.handleRequest(exchange);
    };
  }

  /**
   * Takes a place for {@code exchange}, about to be held for stream {@code streamPath}, until the
   * exchange completes; when there is none, answers 503 and returns false (the caller does
   * nothing more with the exchange). An exchange without a limit attached is always admitted.
   */
  public static boolean admit(HttpServerExchange exchange, String streamPath) {
    BlockedRequestLimit limit = exchange.getAttachment(KEY);
    return limit == null || limit.take(exchange, streamPath);
  }

  /** Requests held now, all streams together. */
  synchronized int held() {
    return total;
  }

  private boolean take(HttpServerExchange exchange, String streamPath) {
    int streamHeld;
    synchronized (this) {
      streamHeld = perStream.getOrDefault(streamPath, 0);
      if (total < maxTotal && streamHeld < maxPerStream) {
        perStream.put(streamPath, streamHeld + 1);
        total++;
        streamHeld = -1;
      }
    }
    if (streamHeld < 0) {
      AtomicBoolean released = new AtomicBoolean();
      exchange.addExchangeCompleteListener((ex, next) -> {
        if (released.compareAndSet(false, true)) {
          release(streamPath);
        }
        next.proceed();
      });
      return true;
    }
    refused.increment();
    LOG.debug("blocked request refused: {} holds {} (maxBlockedRequestsPerStream {}), {} in all "
        + "(maxBlockedRequests {})", streamPath, streamHeld, maxPerStream, held(), maxTotal);
    exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, 1);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send("too many requests waiting on " + streamPath
        + "; retry\n");
    return false;
  }

  private synchronized void release(String streamPath) {
    perStream.computeIfPresent(streamPath, (k, n) -> n <= 1 ? null : n - 1);
    total--;
  }
}
