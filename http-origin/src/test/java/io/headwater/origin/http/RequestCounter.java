package io.headwater.origin.http;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests that reach an origin, per path, and can make the origin fail like a crashed
 * process: once {@link #crash()} is called, every request's connection is closed unanswered.
 */
final class RequestCounter implements HandlerWrapper {
  private final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();
  private volatile boolean crashed;

  @Override
  public HttpHandler wrap(HttpHandler next) {
    return exchange -> {
      if (crashed) {
        exchange.getConnection().close();
        return;
      }
      byPath.computeIfAbsent(exchange.getRequestPath(), p -> new AtomicInteger())
          .incrementAndGet();
      next.handleRequest(exchange);
    };
  }

  void crash() {
    crashed = true;
  }

  int count(String path) {
    AtomicInteger n = byPath.get(path);
    return n == null ? 0 : n.get();
  }

  Map<String, AtomicInteger> all() {
    return byPath;
  }
}
