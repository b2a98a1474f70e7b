package io.headwater.origin.http;

import io.undertow.server.HttpHandler;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The origin's own small endpoints; both answer GET and HEAD only (405 otherwise). */
public final class SmallHandlers {
  private SmallHandlers() {}

  /**
   * {@code /time}: the origin's clock as ISO 8601 with milliseconds, the DASH {@code UTCTiming}
   * source ({@code urn:mpeg:dash:utc:http-iso:2014}). Never cached.
   */
  public static HttpHandler time(Clock clock) {
    return new MethodFilter(exchange -> Responses.text(exchange, StatusCodes.OK,
        CachePolicy.NO_STORE,
        DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS))));
  }

  /** {@code /healthz}: 200 once the origin serves. */
  public static HttpHandler health() {
    return new MethodFilter(
        exchange -> Responses.text(exchange, StatusCodes.OK, CachePolicy.NO_STORE, "ok\n"));
  }
}
