package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.ChunkEncoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.handshake.Handshake;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.session.PublishSession;
import io.headwater.packager.io.ByteWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP client connection: socket I/O only. Bytes go to {@link Handshake}, then to
 * {@link ChunkDecoder}, {@link MessageCodec} and {@link PublishSession}; replies come back through
 * {@link ChunkEncoder}. Runs on its own thread; any failure closes this connection alone, with one
 * WARN line.
 */
final class RtmpConnection implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RtmpConnection.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;
  /** How often a blocked read wakes to check the read and idle timeouts. */
  private static final long CHECK_INTERVAL_MS = 1_000;
  /** How long a refused client is given to read the onStatus before the socket closes. */
  private static final long DRAIN_NANOS = 2_000_000_000L;
  private static final long DRAIN_MAX_BYTES = 4L << 20;
  /**
   * Closes connections whose handshake outlives its deadline. A TLS handshake runs inside one
   * read, where a client trickling a byte just before each socket timeout could hold it open
   * indefinitely; the deadline is enforced from outside instead.
   */
  private static final ScheduledExecutorService HANDSHAKE_DEADLINES =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rtmp-handshake-deadlines");
        t.setDaemon(true);
        return t;
      });

  private final Socket socket;
  private final String id;
  private final RtmpServerConfig config;
  private final InetSocketAddress remote;
  private final PublishSession session;
  private final Consumer<RtmpConnection> onClosed;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private ByteWriter pending = new ByteWriter(8 * 1024);
  private volatile boolean closing;
  private volatile boolean handshakeExpired;
  private long bytesReceived;

  RtmpConnection(Socket socket, String id, RtmpServerConfig config, PublishHandler handler,
      Consumer<RtmpConnection> onClosed) {
    this.socket = socket;
    this.id = id;
    this.config = config;
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.onClosed = onClosed;
    this.session = new PublishSession(handler, remote, id, this::send, System::nanoTime);
  }

  String id() {
    return id;
  }

  @Override
  public void run() {
    try {
      serve();
    } catch (SocketTimeoutException e) {
      if (!closing) {
        LOG.warn("{} from {} closed: {}", id, remote, e.getMessage());
      }
    } catch (IOException e) {
      if (!closing) {
        LOG.warn("{} from {} closed: I/O error: {}", id, remote, e.getMessage());
      }
    } catch (Exception e) {
      // The connection boundary: whatever went wrong ends this connection only.
      LOG.warn("{} from {} closed: {}", id, remote, e.getMessage() != null
          ? e.getMessage() : e.toString());
    } finally {
      closeSocket();
      try {
        session.onConnectionLost();
      } catch (RuntimeException e) {
        LOG.warn("{} from {}: unpublish failed: {}", id, remote, e.toString());
      }
      onClosed.accept(this);
    }
  }

  /** Closes the socket from another thread; the reader thread then ends the session. */
  void close() {
    closing = true;
    closeSocket();
  }

  private void serve() throws Exception {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] buf = new byte[READ_BUFFER_BYTES];
    Handshake handshake = new Handshake(ThreadLocalRandom.current());
    long handshakeTimeoutMs = config.handshakeTimeout().toMillis();
    long deadlineNanos = System.nanoTime() + config.handshakeTimeout().toNanos();
    socket.setSoTimeout((int) handshakeTimeoutMs);
    ChunkDecoder decoder = new ChunkDecoder(config.limits());
    ScheduledFuture<?> deadline = HANDSHAKE_DEADLINES.schedule(() -> {
      if (!handshake.isDone()) {
        handshakeExpired = true;
        closeSocket();
      }
    }, handshakeTimeoutMs, TimeUnit.MILLISECONDS);
    try {
      completeHandshake(in, out, buf, handshake, decoder, handshakeTimeoutMs, deadlineNanos);
    } catch (IOException e) {
      if (!handshakeExpired) {
        throw e;
      }
    } finally {
      deadline.cancel(false);
    }
    if (handshakeExpired) {
      throw new SocketTimeoutException((socket instanceof SSLSocket ? "TLS or RTMP " : "")
          + "handshake not completed within " + handshakeTimeoutMs + " ms");
    }
    if (!handshake.isDone()) {
      LOG.info("{} from {} closed during the handshake", id, remote);
      return;
    }
    serveMessages(in, out, buf, handshake, decoder);
  }

  /** Feeds the handshake until it is done or the client closes (handshake then not done). */
  private void completeHandshake(InputStream in, OutputStream out, byte[] buf,
      Handshake handshake, ChunkDecoder decoder, long handshakeTimeoutMs, long deadlineNanos)
      throws Exception {
    while (!handshake.isDone()) {
      int n = readOrTimeout(in, buf, "handshake not completed within " + handshakeTimeoutMs + " ms");
      if (n < 0) {
        return;
      }
      ByteBuffer bytes = ByteBuffer.wrap(buf, 0, n);
      byte[] reply = handshake.feed(bytes);
      if (reply.length > 0) {
        out.write(reply);
        out.flush();
      }
      long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (!handshake.isDone() && leftMs <= 0) {
        throw new SocketTimeoutException("handshake not completed within " + handshakeTimeoutMs
            + " ms");
      }
      socket.setSoTimeout((int) Math.max(1, leftMs));
      if (handshake.isDone() && bytes.hasRemaining()) {
        onChunkBytes(decoder, bytes, out);
      }
    }
  }

  private void serveMessages(InputStream in, OutputStream out, byte[] buf, Handshake handshake,
      ChunkDecoder decoder) throws Exception {
    if (handshake.c2Problem() != null) {
      LOG.warn("{} from {} malformed handshake, tolerated: {}", id, remote,
          handshake.c2Problem());
    }
    LOG.debug("{} from {} completed the {} handshake", id, remote,
        handshake.isDigest() ? "digest (" + handshake.scheme() + ")" : "plain");
    long readTimeoutNanos = config.readTimeout().toNanos();
    long idleTimeoutNanos = config.idleTimeout().toNanos();
    socket.setSoTimeout((int) Math.min(CHECK_INTERVAL_MS,
        Math.min(config.readTimeout().toMillis(), config.idleTimeout().toMillis())));
    long lastByteNanos = System.nanoTime();
    while (!session.closeRequested()) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        long now = System.nanoTime();
        if (now - lastByteNanos >= readTimeoutNanos) {
          throw new SocketTimeoutException("no data for " + config.readTimeout().toMillis()
              + " ms");
        }
        if (now - session.idleSinceNanos() >= idleTimeoutNanos) {
          throw new SocketTimeoutException("idle: no audio or video for "
              + config.idleTimeout().toMillis() + " ms");
        }
        continue;
      }
      if (n < 0) {
        String unfinished = decoder.unfinished();
        if (unfinished != null) {
          LOG.warn("{} from {} closed by the client mid-message: {}", id, remote, unfinished);
        } else {
          LOG.info("{} from {} closed by the client", id, remote);
        }
        return;
      }
      lastByteNanos = System.nanoTime();
      onChunkBytes(decoder, ByteBuffer.wrap(buf, 0, n), out);
      if (lastByteNanos - session.idleSinceNanos() >= idleTimeoutNanos) {
        throw new SocketTimeoutException("idle: no audio or video for "
            + config.idleTimeout().toMillis() + " ms");
      }
    }
    LOG.info("{} from {} closed by the server after a refused or failed publish", id, remote);
    if (!(socket instanceof SSLSocket)) {
      // TLS sockets cannot half-close (close_notify ends both ways); they just drain.
      socket.shutdownOutput();
    }
    drainBeforeClose(in, buf);
  }

  /**
   * After the refusal's onStatus and our FIN, reads and discards what the client still sends
   * for a moment: closing with unread input would reset the connection, and a reset can make the
   * client's TCP stack drop the onStatus before the encoder has read it (FFmpeg reads replies
   * only between its writes). Bounded in time and bytes.
   */
  private void drainBeforeClose(InputStream in, byte[] buf) throws IOException {
    long deadline = System.nanoTime() + DRAIN_NANOS;
    long drained = 0;
    try {
      while (drained < DRAIN_MAX_BYTES) {
        long leftMs = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMs <= 0) {
          return;
        }
        socket.setSoTimeout((int) leftMs);
        int n = in.read(buf);
        if (n < 0) {
          return;
        }
        drained += n;
      }
    } catch (SocketTimeoutException e) {
      LOG.debug("{} still sending after the refusal; closing", id);
    }
  }

  private static int readOrTimeout(InputStream in, byte[] buf, String timeoutMessage)
      throws IOException {
    try {
      return in.read(buf);
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(timeoutMessage);
    }
  }

  private void onChunkBytes(ChunkDecoder decoder, ByteBuffer bytes, OutputStream out)
      throws Exception {
    bytesReceived += bytes.remaining();
    for (RawMessage raw : decoder.decode(bytes)) {
      session.onMessage(MessageCodec.decode(raw));
      if (session.closeRequested()) {
        break;
      }
    }
    session.onBytesReceived(bytesReceived);
    if (pending.size() > 0) {
      out.write(pending.toByteArray());
      out.flush();
      pending = new ByteWriter(8 * 1024);
    }
  }

  private void send(int chunkStreamId, RtmpMessage message) {
    encoder.encode(MessageCodec.encode(message, chunkStreamId, 0), pending);
  }

  private void closeSocket() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("{} close failed: {}", id, e.toString());
    }
  }
}
