package io.headwater.origin.http;

import io.headwater.storage.SegmentFile;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * Sends a body from a {@link SegmentFile} without blocking: the response head and the body's
 * first bytes in one {@code writev} (from memory), then the rest with {@code sendfile(2)}
 * ({@code FileChannel.transferTo} to the socket, positional, on the calling I/O thread), waiting
 * for writability between partial writes as the in-memory sender does.
 *
 * <p>Only for plain HTTP/1.1: Undertow sends a file to the socket directly only once the head is
 * out (its {@code HttpResponseConduit} otherwise reads the file through a buffer, at the
 * channel's own position, which a file shared by all connections must not have), and HTTP/2 and
 * TLS copy file bodies anyway, so those get the in-memory body.
 */
final class FileBodySender implements ChannelListener<StreamSinkChannel> {
  private static final Logger log = LoggerFactory.getLogger(FileBodySender.class);
  /**
   * Body bytes that go out with the head: at least one is needed to write the head with them,
   * and a first packet of a few KiB is what nginx's TCP_CORK achieves for its head and file.
   */
  static final int HEAD_BODY_BYTES = 4096;

  private final HttpServerExchange exchange;
  private final SegmentFile file;
  private final ByteBuffer first;
  private final AtomicBoolean released = new AtomicBoolean();
  private long position;
  private final long end;

  private FileBodySender(HttpServerExchange exchange, SegmentFile file, ByteBuffer first,
      long position, long end) {
    this.exchange = exchange;
    this.file = file;
    this.first = first;
    this.position = position;
    this.end = end;
  }

  /** Whether a body for {@code exchange} could go out from a file (plain HTTP/1.1 GET). */
  static boolean applies(HttpServerExchange exchange) {
    return exchange.getRequestMethod().equals(Methods.GET)
        && exchange.getConnection() instanceof HttpServerConnection
        && exchange.getConnection().getSslSessionInfo() == null;
  }

  /**
   * Answers {@code exchange} with {@code status} and the bytes of {@code file} from
   * {@code region}'s position to its limit; {@code region} holds the same bytes in memory, at the
   * same offsets. False, having sent nothing, when the file cannot serve (see {@link #applies},
   * an empty region, or the object dropped meanwhile): then send {@code region} from memory.
   */
  static boolean send(HttpServerExchange exchange, int status, String contentType,
      ByteBuffer region, SegmentFile file) {
    if (file == null || !region.hasRemaining() || !applies(exchange)
        || region.limit() > file.length() || !file.retain()) {
      return false;
    }
    ByteBuffer first = region.duplicate();
    first.limit(first.position() + Math.min(HEAD_BODY_BYTES, first.remaining()));
    FileBodySender sender = new FileBodySender(exchange, file, first.slice(), first.limit(),
        region.limit());
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, region.remaining());
    // Also when the connection closes mid-send, which ends the exchange without our listener.
    exchange.addExchangeCompleteListener((ex, next) -> {
      sender.release();
      next.proceed();
    });
    sender.handleEvent(exchange.getResponseChannel());
    return true;
  }

  @Override
  public void handleEvent(StreamSinkChannel channel) {
    try {
      while (first.hasRemaining()) {
        if (channel.write(first) == 0) {
          awaitWritable(channel);
          return;
        }
      }
      // The head is out with the first bytes, so Undertow hands the file to the socket:
      // FileChannel.transferTo(position, count, SocketChannel), sendfile(2) on Linux.
      while (position < end) {
        long sent = channel.transferFrom(file.channel(), position, end - position);
        if (sent == 0) {
          awaitWritable(channel);
          return;
        }
        position += sent;
      }
      channel.suspendWrites();
      release();
      exchange.endExchange();
    } catch (IOException e) {
      log.debug("sending {} from {} failed: {}", exchange.getRequestPath(), file, e.toString());
      release();
      IoUtils.safeClose(exchange.getConnection());
    }
  }

  private void awaitWritable(StreamSinkChannel channel) {
    channel.getWriteSetter().set(this);
    channel.resumeWrites();
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      file.release();
    }
  }
}
