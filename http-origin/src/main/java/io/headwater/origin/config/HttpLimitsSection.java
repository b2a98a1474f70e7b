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
 */
public record HttpLimitsSection(Integer requestsPerSecond, Integer burst, List<String> exempt,
    ByteSize maxHeaderSize, Integer maxHeaders, Duration requestTimeout, Duration idleTimeout) {
  public static final int DEFAULT_BURST = 100;
  public static final ByteSize DEFAULT_MAX_HEADER_SIZE = new ByteSize(16 * 1024);
  public static final int DEFAULT_MAX_HEADERS = 100;
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public HttpLimitsSection {
    requestsPerSecond = Check.orDefault(requestsPerSecond, 0);
    burst = Check.orDefault(burst, DEFAULT_BURST);
    exempt = List.copyOf(Check.orDefault(exempt, List.of()));
    maxHeaderSize = Check.orDefault(maxHeaderSize, DEFAULT_MAX_HEADER_SIZE);
    maxHeaders = Check.orDefault(maxHeaders, DEFAULT_MAX_HEADERS);
    requestTimeout = Check.orDefault(requestTimeout, DEFAULT_REQUEST_TIMEOUT);
    idleTimeout = Check.orDefault(idleTimeout, DEFAULT_IDLE_TIMEOUT);
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
  }

  /** Every default: no rate limit, 16K and 100 headers, 10 s to send them, 60 s idle. */
  public static HttpLimitsSection defaults() {
    return new HttpLimitsSection(null, null, null, null, null, null, null);
  }

  /** The exempt blocks, parsed. */
  public List<CidrBlock> exemptBlocks() {
    return exempt.stream().map(CidrBlock::parse).toList();
  }
}
