package io.headwater.origin.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Wraps every HTTP route: when a response completes it counts it by status and object class,
 * records its latency in a histogram, and feeds the viewer tracker for stream objects. Runs on
 * the I/O thread: a few map look-ups per request.
 */
public final class RequestObserver implements HttpHandler {
  private final HttpHandler next;
  private final MeterRegistry meters;
  private final ViewerTracker viewers;

  public RequestObserver(HttpHandler next, MeterRegistry meters, ViewerTracker viewers) {
    this.next = next;
    this.meters = meters;
    this.viewers = viewers;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long start = System.nanoTime();
    exchange.addExchangeCompleteListener((ex, nextListener) -> {
      try {
        observe(ex, System.nanoTime() - start);
      } finally {
        nextListener.proceed();
      }
    });
    next.handleRequest(exchange);
  }

  private void observe(HttpServerExchange ex, long nanos) {
    String path = ex.getRequestPath();
    ObjectClass cls = ObjectClass.of(path);
    String status = Integer.toString(ex.getStatusCode());
    Counter.builder("headwater_http_requests")
        .description("HTTP requests by status and object class.")
        .tag("status", status).tag("class", cls.label())
        .register(meters).increment();
    Timer.builder("headwater_http_request_duration")
        .description("Time from request to the last byte handed to the socket.")
        .tag("class", cls.label())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    if (cls.countsAsViewing() && ex.getStatusCode() < 400) {
      String[] parts = path.split("/", 4);
      if (parts.length == 4) {
        String ua = ex.getRequestHeaders().getFirst(Headers.USER_AGENT);
        String client = ex.getSourceAddress().getAddress().getHostAddress() + " "
            + (ua == null ? "" : ua.length() > 200 ? ua.substring(0, 200) : ua);
        viewers.record(parts[1] + "/" + parts[2], client, ex.getResponseBytesSent());
      }
    }
  }
}
