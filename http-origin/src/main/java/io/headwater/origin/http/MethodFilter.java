package io.headwater.origin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * Lets only the read methods through: everything the origin serves is read-only, so any other
 * method gets 405 with {@code Allow} (RFC 9110 15.5.6). OPTIONS is answered by the CORS handler
 * in front of this one.
 */
public final class MethodFilter implements HttpHandler {
  static final String ALLOW = "GET, HEAD, OPTIONS";

  private final HttpHandler next;

  public MethodFilter(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    var method = exchange.getRequestMethod();
    if (method.equals(Methods.GET) || method.equals(Methods.HEAD)) {
      next.handleRequest(exchange);
      return;
    }
    exchange.getResponseHeaders().put(Headers.ALLOW, ALLOW);
    Responses.text(exchange, StatusCodes.METHOD_NOT_ALLOWED, CachePolicy.NO_STORE,
        "method not allowed\n");
  }
}
