package io.headwater.origin.ops;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.server.handlers.accesslog.AccessLogReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP access log: Undertow's {@link AccessLogHandler} in the Apache combined format, one
 * line per request to the SLF4J logger {@code headwater.access} (silence it with
 * {@code logging.accessLog: false}).
 */
public final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("headwater.access");

  private AccessLog() {}

  /** Wraps {@code next} so that every completed request is logged. */
  public static HttpHandler wrap(HttpHandler next) {
    AccessLogReceiver receiver = log::info;
    return new AccessLogHandler(next, receiver, "combined", AccessLog.class.getClassLoader());
  }
}
