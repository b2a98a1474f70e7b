package io.headwater.origin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

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

  /**
   * Sends {@code body} as it is: the buffer is handed to Undertow's asynchronous sender, which
   * writes it from the I/O thread without copying it into another array.
   */
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

  /** Adds {@code token} to the response's single {@code Vary} header (RFC 9110 12.5.5). */
  static void addVary(HttpServerExchange exchange, String token) {
    var headers = exchange.getResponseHeaders();
    String vary = headers.getFirst(Headers.VARY);
    if (vary == null || vary.isBlank()) {
      headers.put(Headers.VARY, token);
      return;
    }
    String wanted = token.toLowerCase(Locale.ROOT);
    for (String present : vary.split(",")) {
      if (present.trim().toLowerCase(Locale.ROOT).equals(wanted)) {
        return;
      }
    }
    headers.put(Headers.VARY, vary + ", " + token);
  }
}
