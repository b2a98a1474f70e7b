package io.headwater.origin.recording;

import io.headwater.origin.http.ByteRange;
import io.headwater.origin.http.ContentTypes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/**
 * Sends the recording routes' responses: complete bodies with Cache-Control, a strong ETag and
 * Last-Modified, 304 when If-None-Match matches (RFC 9110 13.1.2), one byte range with 206 or 416
 * (RFC 9110 14), HEAD without a body.
 */
final class HttpReplies {
  private HttpReplies() {}

  static void text(HttpServerExchange exchange, int status, String cacheControl, String body) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
    send(exchange, status, ContentTypes.TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  static void json(HttpServerExchange exchange, int status, byte[] body) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    send(exchange, status, ContentTypes.JSON, body);
  }

  /**
   * An object that has validators; {@code body} (its remaining bytes, a read-only view such as
   * {@code StoredSegment.body()}) may be answered in part (Range).
   */
  static void object(HttpServerExchange exchange, String contentType, String cacheControl,
      String etag, Instant lastModified, ByteBuffer body) {
    int size = body.remaining();
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CACHE_CONTROL, cacheControl);
    headers.put(Headers.ETAG, etag);
    headers.put(Headers.LAST_MODIFIED, DateUtils.toDateString(Date.from(lastModified)));
    headers.put(Headers.ACCEPT_RANGES, "bytes");
    String ifNoneMatch = exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
    if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
      exchange.setStatusCode(StatusCodes.NOT_MODIFIED);
      exchange.endExchange();
      return;
    }
    ByteRange range = exchange.getRequestMethod().equals(Methods.GET)
        ? ByteRange.of(exchange.getRequestHeaders().getFirst(Headers.RANGE), size)
        : new ByteRange.Whole();
    if (range instanceof ByteRange.Unsatisfiable) {
      headers.put(Headers.CONTENT_RANGE, "bytes */" + size);
      text(exchange, StatusCodes.REQUEST_RANGE_NOT_SATISFIABLE, "public, max-age=1",
          "range not satisfiable: " + size + " bytes\n");
      return;
    }
    if (range instanceof ByteRange.Part part) {
      headers.put(Headers.CONTENT_RANGE, part.contentRange(size));
      send(exchange, StatusCodes.PARTIAL_CONTENT, contentType,
          body.slice((int) part.first(), (int) part.length()));
      return;
    }
    send(exchange, StatusCodes.OK, contentType, body);
  }

  private static void send(HttpServerExchange exchange, int status, String type, byte[] body) {
    send(exchange, status, type, ByteBuffer.wrap(body));
  }

  private static void send(HttpServerExchange exchange, int status, String type,
      ByteBuffer body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(body.slice());
  }
}
