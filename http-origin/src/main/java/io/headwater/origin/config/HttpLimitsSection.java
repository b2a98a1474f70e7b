package io.headwater.origin.config;

import io.headwater.ingest.auth.CidrBlock;
import java.time.Duration;
import java.util.List;

/**
 * {@code limits.http}: what one HTTP client may ask of the origin. The request rate limit is off
 * by default (players and a CDN edge fetch many objects per second from one address); the
 * header limits and slow-client timeouts are always on.
 *
 * @param requestsPerSecond requests per second per client address, refilled continuously
 *     (token bucket); 0 (default) turns the limit off; 0..100000
 * @param burst requests a client may make at once above the rate, default 100; 1..100000
 * @param exempt address blocks (CIDR) never rate limited, e.g. the CDN edge; default none
 * @param maxHeaderSize largest request head (request line and headers), default 16K; a larger
 *     one gets 431 or 400 and the connection closes; 1K..1M
 * @param maxHeaders most request headers, default 100; 10..1000
 * @param requestTimeout time a client has to send a whole request head once it has started
 *     (slowloris), default 10s; 1s..5m
 * @param idleTimeout time a kept-alive connection may wait for its next request, default 60s;
 *     1s..1h
 * @param maxConnections open connections each HTTP listener (HTTP, HTTPS) accepts, default
 *     10000; further ones wait in the kernel's accept queue until one closes; 10..1000000
 * @param maxConnectionsPerAddress connections one client address may have open with requests
 *     on them, default 500 (the exempt blocks are not limited); one over it gets 429 and is
 *     closed; 0 turns it off; 0..100000
 * @param maxBlockedRequests low-latency requests held open until their part or segment exists
 *     (LL-HLS blocking reloads and preload hints, LL-DASH open segments), across all streams,
 *     default 20000; one over it gets 503 at once; 1..1000000
 * @param maxBlockedRequestsPerStream such held requests per stream, default 5000; 1..1000000
 * @param tlsHandshakeTimeout time a client on the HTTPS port has from its connection to a
 *     finished TLS handshake, default 10s; 1s..5m
 */
public record HttpLimitsSection(Integer requestsPerSecond, Integer burst, List<String> exempt,
    ByteSize maxHeaderSize, Integer maxHeaders, Duration requestTimeout, Duration idleTimeout,
    Integer maxConnections, Integer maxConnectionsPerAddress, Integer maxBlockedRequests,
    Integer maxBlockedRequestsPerStream, Duration tlsHandshakeTimeout) {
  public static final int DEFAULT_BURST = 100;
  public static final ByteSize DEFAULT_MAX_HEADER_SIZE = new ByteSize(16 * 1024);
  public static final int DEFAULT_MAX_HEADERS = 100;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Far above a player (6 on HTTP/1.1, 1 on HTTP/2) or an nginx edge test's 50 viewers. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 500;
  public static final int DEFAULT_MAX_BLOCKED_REQUESTS = 20_000;
  public static final int DEFAULT_MAX_BLOCKED_REQUESTS_PER_STREAM = 5_000;
  public static final Duration DEFAULT_TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  public HttpLimitsSection {
    requestsPerSecond = Check.orDefault(requestsPerSecond, 0);
    burst = Check.orDefault(burst, DEFAULT_BURST);
    exempt = List.copyOf(Check.orDefault(exempt, List.of()));
    maxHeaderSize = Check.orDefault(maxHeaderSize, DEFAULT_MAX_HEADER_SIZE);
    maxHeaders = Check.orDefault(maxHeaders, DEFAULT_MAX_HEADERS);
    requestTimeout = Check.orDefault(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
    idleTimeout = Check.orDefault(idleTimeout, DEFAULT_IDLE_TIMEOUT);
    maxConnections = Check.orDefault(maxConnections, DEFAULT_MAX_CONNECTIONS);
    maxConnectionsPerAddress = Check.orDefault(maxConnectionsPerAddress,
        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    maxBlockedRequests = Check.orDefault(maxBlockedRequests, DEFAULT_MAX_BLOCKED_REQUESTS);
    maxBlockedRequestsPerStream = Check.orDefault(maxBlockedRequestsPerStream,
        DEFAULT_MAX_BLOCKED_REQUESTS_PER_STREAM);
    tlsHandshakeTimeout = Check.orDefault(tlsHandshakeTimeout, DEFAULT_TLS_HANDSHAKE_TIMEOUT);
    Check.range("requestsPerSecond", requestsPerSecond, 0, 100_000);
    Check.range("burst", burst, 1, 100_000);
    Check.addressList("exempt", exempt);
    if (maxHeaderSize.bytes() < 1024 || maxHeaderSize.bytes() > 1024 * 1024) {
      throw InvalidValueException.of("maxHeaderSize", maxHeaderSize.toString(),
          "a size from 1K to 1M");
    }
    Check.range("maxHeaders", maxHeaders, 10, 1000);
    Check.range("requestTimeout", requestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(5));
    Check.range("idleTimeout", idleTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
    Check.range("maxConnections", maxConnections, 10, 1_000_000);
    Check.range("maxConnectionsPerAddress", maxConnectionsPerAddress, 0, 100_000);
    Check.range("maxBlockedRequests", maxBlockedRequests, 1, 1_000_000);
    Check.range("maxBlockedRequestsPerStream", maxBlockedRequestsPerStream, 1, 1_000_000);
    Check.range("tlsHandshakeTimeout", tlsHandshakeTimeout, Duration.ofSeconds(1),
        Duration.ofMinutes(5));
  }

  /**
   * Every default: no rate limit, 16K and 100 headers, 10 s to send them, 60 s idle, 10000
   * connections and 500 per address, 20000 held requests and 5000 per stream, 10 s for a TLS
   * handshake.
   */
  public static HttpLimitsSection defaults() {
    return new HttpLimitsSection(null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /** The exempt blocks, parsed. */
  public List<CidrBlock> exemptBlocks() {
    return exempt.stream().map(CidrBlock::parse).toList();
  }
}
