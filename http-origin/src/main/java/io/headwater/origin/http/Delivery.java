package io.headwater.origin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.util.Date;

/**
 * Sends a {@link Representation}: validators and Cache-Control, 304 on a matching precondition,
 * 206 for one satisfiable byte range, 416 for an unsatisfiable one, HEAD without a body. The body
 * is a view of the shared bytes (a slice for a range), never a copy.
 */
final class Delivery {
  private Delivery() {}

  static void send(HttpServerExchange exchange, Representation r) {
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CACHE_CONTROL, r.cacheControl());
    headers.put(Headers.ETAG, r.etag());
    headers.put(Headers.LAST_MODIFIED, DateUtils.toDateString(Date.from(r.lastModified())));
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    if (r.contentEncoding() != null) {
      headers.put(Headers.CONTENT_ENCODING, r.contentEncoding());
    }
    var request = exchange.getRequestHeaders();
    if (Conditional.notModified(request, r.etag(), r.lastModified(), r.immutable())) {
      // RFC 9110 15.4.5: a 304 carries the validators and Cache-Control of the 200, no body.
      headers.remove(Headers.CONTENT_ENCODING);
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    ByteBuffer body = r.body().duplicate();
    int length = body.remaining();
    ByteRange range = exchange.getRequestMethod().equals(Methods.GET)
        && Conditional.rangeApplies(request, r.etag(), r.lastModified())
        ? ByteRange.of(request.getFirst(Headers.RANGE), length)
        : new ByteRange.Whole();
    if (range instanceof ByteRange.Unsatisfiable) {
      headers.put(Headers.CONTENT_RANGE, "bytes */" + length);
      headers.remove(Headers.CONTENT_ENCODING);
      headers.remove(Headers.ETAG);
      headers.remove(Headers.LAST_MODIFIED);
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
