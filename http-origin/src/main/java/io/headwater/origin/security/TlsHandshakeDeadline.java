package io.headwater.origin.security;

import io.undertow.Undertow;
import java.io.IOException;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;
import org.xnio.ssl.SslConnection;

/**
 * Closes HTTPS connections whose TLS handshake has not finished {@code limits.http
 * .tlsHandshakeTimeout} after the accept. Undertow has no such timeout, and neither its
 * request-parse or idle timeouts nor a read timeout see a client that trickles its ClientHello
 * (its TLS layer waits for whole records). So each HTTPS listener's accept step is wrapped: it
 * starts a timer on the connection's I/O thread that closes the connection unless the TLS
 * session has been established by then. Undertow does not expose a listener's channel or open
 * listener, so they are read from {@link Undertow.ListenerInfo} by reflection (Undertow 2.3,
 * pinned in the root pom); {@link #apply} fails at start if that breaks.
 */
final class TlsHandshakeDeadline {
  private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeDeadline.class);
  /** What an SSLEngine reports as its session's cipher suite before a handshake finished. */
  private static final String NO_SESSION_YET = "SSL_NULL_WITH_NULL_NULL";

  private TlsHandshakeDeadline() {}

  /** Wraps the accept step of every HTTPS listener of the started {@code undertow}. */
  static void apply(Undertow undertow, Duration timeout, LongAdder closed) {
    for (Undertow.ListenerInfo info : undertow.getListenerInfo()) {
      if (info.getProtcol().equals("https")) {
        wrap(info, timeout.toMillis(), closed);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void wrap(Undertow.ListenerInfo info, long timeoutMillis, LongAdder closed) {
    AcceptingChannel<StreamConnection> channel;
    ChannelListener<StreamConnection> open;
    try {
      channel = (AcceptingChannel<StreamConnection>) field(info, "channel");
      open = (ChannelListener<StreamConnection>) field(info, "openListener");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set the TLS handshake timeout on " + info
          + ": this Undertow version hides its listener differently", e);
    }
    channel.getAcceptSetter().set(server -> {
      StreamConnection connection;
      try {
        connection = server.accept();
      } catch (IOException e) {
        LOG.debug("https accept failed: {}", e.toString());
        return;
      }
      if (connection == null) {
        return;
      }
      connection.getIoThread().executeAfter(() -> {
        if (connection.isOpen() && !established(connection)) {
          closed.increment();
          LOG.debug("tls handshake timeout: {} after {} ms", connection.getPeerAddress(),
              timeoutMillis);
          IoUtils.safeClose(connection);
        }
      }, timeoutMillis, TimeUnit.MILLISECONDS);
      open.handleEvent(connection);
    });
  }

  private static boolean established(StreamConnection connection) {
    if (!(connection instanceof SslConnection ssl)) {
      return true;
    }
    return ssl.getSslSession() != null
        && !NO_SESSION_YET.equals(ssl.getSslSession().getCipherSuite());
  }

  private static Object field(Undertow.ListenerInfo info, String name)
      throws ReflectiveOperationException {
    Field f = Undertow.ListenerInfo.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(info);
  }
}
