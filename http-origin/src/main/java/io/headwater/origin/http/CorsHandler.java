package io.headwater.origin.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Set;

/**
 * Adds CORS headers (Fetch standard, CORS protocol) to every response, so that players on other
 * origins can fetch manifests and segments, and answers preflight requests itself. The allowed
 * origins are {@code *} (any page) or a list of exact origins, of which the request's own is
 * echoed with {@code Vary: Origin}.
 */
public final class CorsHandler implements HttpHandler {
  private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
  private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
  private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
  private static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
  private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

  private final boolean any;
  private final Set<String> origins;
  private final HttpHandler next;

  /** {@code allowOrigins}: {@code ["*"]}, or origins such as {@code https://player.example}. */
  public CorsHandler(List<String> allowOrigins, HttpHandler next) {
    if (allowOrigins.isEmpty()) {
      throw new IllegalArgumentException("CORS allowed origins must not be empty (use \"*\")");
    }
    this.any = allowOrigins.contains("*");
    this.origins = Set.copyOf(allowOrigins);
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    var headers = exchange.getResponseHeaders();
    if (any) {
      headers.put(ALLOW_ORIGIN, "*");
    } else {
      Responses.addVary(exchange, "Origin");
      String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
      if (origin != null && origins.contains(origin)) {
        headers.put(ALLOW_ORIGIN, origin);
      }
    }
    headers.put(EXPOSE_HEADERS, "Content-Length, Content-Range, ETag, Last-Modified, Age, Date");
    if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
      headers.put(Headers.ALLOW, MethodFilter.ALLOW);
      headers.put(ALLOW_METHODS, MethodFilter.ALLOW);
      headers.put(ALLOW_HEADERS, "Range, If-None-Match, If-Modified-Since, Content-Type");
      headers.put(MAX_AGE, "86400");
      headers.put(Headers.CACHE_CONTROL, CachePolicy.NO_STORE);
      exchange.setStatusCode(StatusCodes.NO_CONTENT);
      exchange.endExchange();
      return;
    }
    next.handleRequest(exchange);
  }
}
