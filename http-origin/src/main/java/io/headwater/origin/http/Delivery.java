package io.headwater.origin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;

/**
 * Sends a {@link Representation}: Date, validators and Cache-Control (with Expires on immutable
 * objects), 412 on a failed If-Match or If-Unmodified-Since, 304 on a matching If-None-Match or
 * If-Modified-Since, 206 for one satisfiable byte range, 416 for an unsatisfiable one, HEAD
 * without a body. The body is a view of the shared bytes (a slice for a range), never a copy.
 */
public final class Delivery {
  /** Seconds an immutable object's Expires lies after now: its max-age (CachePolicy.IMMUTABLE). */
  static final long IMMUTABLE_SECONDS = 31_536_000L;
  private static final HttpDates LAST_MODIFIED = new HttpDates();
  private static final HttpDates EXPIRES = new HttpDates();
  private static final HttpDates DATES = new HttpDates();

  private Delivery() {}

  /** Answers {@code exchange} with {@code r}: 200, 206, 304, 412 or 416, HEAD without body. */
  public static void send(HttpServerExchange exchange, Representation r) {
    HeaderMap headers = exchange.getResponseHeaders();
    long now = System.currentTimeMillis() / 1000;
    // Undertow's own Date is a string refreshed by a timer on the I/O thread, seconds late on a
    // busy machine; caches compute a response's age from it (RFC 9111 4.2.3), and a late Date
    // makes a playlist with max-age=1 look stale on arrival.
    headers.put(Headers.DATE, DATES.format(now));
    headers.put(Headers.CACHE_CONTROL, r.cacheControl());
    headers.put(Headers.ETAG, r.etag());
    headers.put(Headers.LAST_MODIFIED, LAST_MODIFIED.format(r.lastModified()));
    if (r.immutable()) {
      // RFC 9111 5.3: for HTTP/1.0 caches; every other cache obeys max-age, which wins over it.
      headers.put(Headers.EXPIRES, EXPIRES.format(now + IMMUTABLE_SECONDS));
    }
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    if (r.contentEncoding() != null) {
      headers.put(Headers.CONTENT_ENCODING, r.contentEncoding());
    }
    HeaderMap request = exchange.getRequestHeaders();
    switch (Conditional.evaluate(request, r.etag(), r.lastModified(), r.immutable())) {
      case PRECONDITION_FAILED:
        // RFC 9110 15.5.13; the answer depends on this request's header, so no cache keeps it.
        headers.remove(Headers.CONTENT_ENCODING);
        headers.remove(Headers.EXPIRES);
        Responses.text(exchange, StatusCodes.PRECONDITION_FAILED, CachePolicy.NO_STORE,
            "precondition failed: the object is " + r.etag() + "\n");
        return;
      case NOT_MODIFIED:
        // RFC 9110 15.4.5: a 304 carries the validators and Cache-Control of the 200, no body.
        // Its Content-Length may only be the 200's (8.6); without one, Undertow would answer a
        // HEAD with Transfer-Encoding: chunked, which the 200 does not use.
        headers.remove(Headers.CONTENT_ENCODING);
        headers.put(Headers.CONTENT_LENGTH, r.body().remaining());
        exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
        exchange.endExchange();
        return;
      default:
        break;
    }
    ByteBuffer body = r.body().duplicate();
    int length = body.remaining();
    String rangeHeader = request.getFirst(Headers.RANGE);
    ByteRange range = rangeHeader != null && exchange.getRequestMethod().equals(Methods.GET)
        && Conditional.rangeApplies(request, r.etag(), r.lastModified())
        ? ByteRange.of(rangeHeader, length)
        : new ByteRange.Whole();
    if (range instanceof ByteRange.Unsatisfiable) {
      headers.put(Headers.CONTENT_RANGE, "bytes */" + length);
      headers.remove(Headers.CONTENT_ENCODING);
      headers.remove(Headers.ETAG);
      headers.remove(Headers.LAST_MODIFIED);
      headers.remove(Headers.EXPIRES);
      Responses.text(exchange, StatusCodes.REQUEST_RANGE_NOT_SATISFIABLE, CachePolicy.NOT_FOUND,
          "range not satisfiable: " + length + " bytes\n");
      return;
    }
    if (range instanceof ByteRange.Part part) {
      headers.put(Headers.CONTENT_RANGE, part.contentRange(length));
      body.position(body.position() + (int) part.first());
      body.limit(body.position() + (int) part.length());
      Responses.buffer(exchange, StatusCodes.PARTIAL_CONTENT, r.contentType(), body.slice());
      return;
    }
    Responses.buffer(exchange, StatusCodes.OK, r.contentType(), body);
  }
}
