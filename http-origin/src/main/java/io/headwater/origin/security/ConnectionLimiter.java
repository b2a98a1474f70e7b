package io.headwater.origin.security;

import io.headwater.ingest.auth.CidrBlock;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the open connections of each client address ({@code limits.http.maxConnectionsPerAddress}):
 * a connection counts from its first request until it closes; a client that already has the most
 * gets 429 with Retry-After (RFC 6585 4) and {@code Cache-Control: private, no-store}, and that
 * connection is closed (HTTP/1.1; on HTTP/2 each further request on it is refused the same way),
 * counted in {@code headwater_http_connections_refused_total}. Exempt blocks are not counted.
 */
final class ConnectionLimiter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  /**
   * Marks an HTTP/1.1 connection already counted (or exempt), so that its later requests pass
   * with one attachment look-up. An HTTP/2 stream's connection object is new for each request,
   * where the peer-address set below decides.
   */
  private static final AttachmentKey<Boolean> ADMITTED = AttachmentKey.create(Boolean.class);

  private final int maxPerAddress;
  private final List<CidrBlock> exempt;
  private final LongAdder refused;
  private final HttpHandler next;
  /** Open connections per address; an address leaves the map with its last connection. */
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
  /** The peer addresses (address and port) of the connections counted so far. */
  private final Set<Object> counted = ConcurrentHashMap.newKeySet();

  ConnectionLimiter(int maxPerAddress, List<CidrBlock> exempt, LongAdder refused,
      HttpHandler next) {
    this.maxPerAddress = maxPerAddress;
    this.exempt = List.copyOf(exempt);
    this.refused = refused;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    ServerConnection connection = exchange.getConnection();
    if (connection.getAttachment(ADMITTED) != null) {
      next.handleRequest(exchange);
      return;
    }
    // The peer's address and port name one TCP connection (an HTTP/2 session has one per
    // stream: its connection objects differ, its close listeners fire when the session closes).
    Object channel = connection.getPeerAddress();
    InetAddress client = exchange.getSourceAddress().getAddress();
    if (!counted.contains(channel) && !isExempt(client)) {
      if (!admit(client)) {
        refuse(exchange, client);
        return;
      }
      if (counted.add(channel)) {
        connection.addCloseListener(c -> {
          counted.remove(channel);
          release(client);
        });
      } else {
        release(client); // another request of the same connection counted it first
      }
    }
    connection.putAttachment(ADMITTED, Boolean.TRUE);
    next.handleRequest(exchange);
  }

  /** Connections now counted, all addresses together. */
  int openConnections() {
    return counted.size();
  }

  private boolean admit(InetAddress client) {
    boolean[] admitted = new boolean[1];
    open.compute(client, (a, n) -> {
      int now = n == null ? 0 : n;
      admitted[0] = now < maxPerAddress;
      return admitted[0] ? now + 1 : n;
    });
    return admitted[0];
  }

  private void release(InetAddress client) {
    open.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
  }

  private void refuse(HttpServerExchange exchange, InetAddress client) {
    refused.increment();
    LOG.debug("http connection refused: {} has {} connections open, maxConnectionsPerAddress {}",
        client.getHostAddress(), open.getOrDefault(client, 0), maxPerAddress);
    exchange.setPersistent(false); // HTTP/1.1: Connection: close, then the socket closes
    exchange.setStatusCode(StatusCodes.TOO_MANY_REQUESTS);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, 1);
    // Whom this hits depends on the client: a cache must never give it to others.
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseSender().send("too many connections from this address\n");
  }

  private boolean isExempt(InetAddress client) {
    for (CidrBlock b : exempt) {
      if (b.contains(client)) {
        return true;
      }
    }
    return false;
  }
}
