package io.headwater.origin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes complete in-memory responses without blocking the I/O thread; HEAD gets no body. */
final class Responses {
  private Responses() {}

  static void text(HttpServerExchange exchange, int status, String cacheControl, String body) {
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, cacheControl);
    bytes(exchange, status, ContentTypes.TEXT, body.getBytes(StandardCharsets.UTF_8));
  }

  static void bytes(HttpServerExchange exchange, int status, String contentType, byte[] body) {
    buffer(exchange, status, contentType, ByteBuffer.wrap(body));
  }

  static void buffer(HttpServerExchange exchange, int status, String contentType,
      ByteBuffer body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.remaining());
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseSender().send(body);
  }
}
