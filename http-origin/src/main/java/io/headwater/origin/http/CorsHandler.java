package io.headwater.origin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * Adds CORS headers to every response, so that players on other origins can fetch manifests and
 * segments, and answers preflight requests itself.
 */
public final class CorsHandler implements HttpHandler {
  private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
  private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
  private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
  private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

  private final String allowOrigin;
  private final HttpHandler next;

  public CorsHandler(String allowOrigin, HttpHandler next) {
    this.allowOrigin = allowOrigin;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    var headers = exchange.getResponseHeaders();
    headers.put(ALLOW_ORIGIN, allowOrigin);
    headers.put(EXPOSE_HEADERS, "Content-Length, Content-Range, ETag, Last-Modified, Age, Date");
    if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
      headers.put(ALLOW_METHODS, "GET, HEAD, OPTIONS");
      headers.put(ALLOW_HEADERS, "Range, If-None-Match, If-Modified-Since, Content-Type");
      headers.put(MAX_AGE, "86400");
      exchange.setStatusCode(StatusCodes.NO_CONTENT);
      exchange.endExchange();
      return;
    }
    next.handleRequest(exchange);
  }
}
