package io.headwater.origin.security;

import io.headwater.ingest.auth.CidrBlock;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the request rate of each client address ({@code limits.http.requestsPerSecond}, token
 * bucket): a client over it gets 429 with Retry-After (RFC 6585 4) and
 * {@code Cache-Control: private, no-store}, counted in {@code headwater_http_rate_limited_total}.
 * Addresses in the exempt blocks (a CDN edge that fetches for many viewers) are never limited.
 */
final class RequestRateLimiter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestRateLimiter.class);
  /** Buckets kept at most: about 100 bytes each, so a few MB under a many-address flood. */
  static final int MAX_TRACKED_ADDRESSES = 50_000;

  private final TokenBuckets buckets;
  private final List<CidrBlock> exempt;
  private final LongAdder limited;
  private final HttpHandler next;

  RequestRateLimiter(TokenBuckets buckets, List<CidrBlock> exempt, LongAdder limited,
      HttpHandler next) {
    this.buckets = buckets;
    this.exempt = List.copyOf(exempt);
    this.limited = limited;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    InetAddress client = exchange.getSourceAddress().getAddress();
    if (!isExempt(client)) {
      long retryAfterSeconds = buckets.take(client);
      if (retryAfterSeconds > 0) {
        limited.increment();
        LOG.debug("rate limited: {} {}", client.getHostAddress(), exchange.getRequestPath());
        exchange.setStatusCode(StatusCodes.TOO_MANY_REQUESTS);
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfterSeconds);
        // Whom a 429 hits depends on the client: a cache must never give it to others.
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("too many requests\n");
        return;
      }
    }
    next.handleRequest(exchange);
  }

  private boolean isExempt(InetAddress client) {
    for (CidrBlock b : exempt) {
      if (b.contains(client)) {
        return true;
      }
    }
    return false;
  }
}
