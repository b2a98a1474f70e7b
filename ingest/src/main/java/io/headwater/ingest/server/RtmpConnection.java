package io.headwater.ingest.server;

import io.headwater.ingest.PublishHandler;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.ChunkEncoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.handshake.Handshake;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.session.PublishSession;
import io.headwater.ingest.rtmp.session.SessionState;
import io.headwater.packager.io.ByteWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP client connection: socket I/O only. Bytes go to {@link Handshake}, then to
 * {@link ChunkDecoder}, {@link MessageCodec} and {@link PublishSession}; replies come back through
 * {@link ChunkEncoder}. The handshake and the command phase (connect, createStream, publish and
 * its authorization, which may block) run on a thread of the connection's own; once the session
 * publishes, a plain connection moves to an {@link RtmpIoLoop} ({@link LoopConnection}) and comes
 * back to a thread of its own only for another {@code publish} on the same connection. RTMPS
 * connections stay on their thread. Any failure closes this connection alone, with one WARN line.
 */
final class RtmpConnection implements Runnable {
  static final Logger LOG = LoggerFactory.getLogger(RtmpConnection.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;
  /** How often a blocked read wakes to check the read and idle timeouts. */
  private static final long CHECK_INTERVAL_MS = 1_000;
  /** How long a refused client is given to read the onStatus before the socket closes. */
  static final long DRAIN_NANOS = 2_000_000_000L;
  static final long DRAIN_MAX_BYTES = 4L << 20;
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

  /** How one stretch of the connection's life runs on its own thread; true: handed to a loop. */
  @FunctionalInterface
  private interface ThreadPhase {
    boolean serve() throws Exception;
  }

  private final Socket socket;
  /** The socket's channel, for the hand-off to an I/O loop; null for RTMPS (TLS) sockets. */
  private final SocketChannel channel;
  private final Supplier<RtmpIoLoop> loops;
  private final String id;
  private final RtmpServerConfig config;
  private final InetSocketAddress remote;
  private final PublishSession session;
  private final Consumer<RtmpConnection> onClosed;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CountDownLatch finishedLatch = new CountDownLatch(1);
  private ByteWriter pending = new ByteWriter(8 * 1024);
  private volatile boolean closing;
  private volatile boolean handshakeExpired;
  /** The loop serving this connection while it publishes, else null. */
  private volatile LoopConnection looped;
  private long bytesReceived;

  /**
   * A connection on {@code socket}; when {@code channel} is not null (plain RTMP) and
   * {@code loops} gives a loop, a publishing session moves to that loop.
   */
  RtmpConnection(Socket socket, SocketChannel channel, Supplier<RtmpIoLoop> loops, String id,
      RtmpServerConfig config, PublishHandler handler, Consumer<RtmpConnection> onClosed) {
    this.socket = socket;
    this.channel = channel;
    this.loops = loops;
    this.id = id;
    this.config = config;
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.onClosed = onClosed;
    this.session = new PublishSession(handler, remote, id, this::send, System::nanoTime);
  }

  String id() {
    return id;
  }

  InetSocketAddress remote() {
    return remote;
  }

  RtmpServerConfig config() {
    return config;
  }

  PublishSession session() {
    return session;
  }

  boolean closing() {
    return closing;
  }

  @Override
  public void run() {
    runPhase(this::serve);
  }

  /**
   * Closes the connection from another thread: a thread-served one by closing its socket (the
   * reader then ends the session), a loop-served one by a task on its loop.
   */
  void close() {
    closing = true;
    LoopConnection onLoop = looped;
    if (onLoop != null) {
      onLoop.closeFromOutside();
    } else {
      closeSocket();
    }
  }

  /** Waits up to {@code millis} for the session to end; true if it has. */
  boolean awaitFinished(long millis) throws InterruptedException {
    return finishedLatch.await(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Ends the connection once, whichever thread or loop gets here first: closes the socket, ends
   * an active publish uncleanly and releases the connection's slot.
   */
  void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    closeSocket();
    try {
      session.onConnectionLost();
    } catch (RuntimeException e) {
      LOG.warn("{} from {}: unpublish failed: {}", id, remote, e.toString());
    } finally {
      try {
        onClosed.accept(this);
      } finally {
        finishedLatch.countDown();
      }
    }
  }

  /**
   * Goes back to a thread of the connection's own (the loop has deregistered the channel):
   * {@code undelivered} starts with a {@code publish}, whose authorization may block;
   * {@code unsentReplies} are what the socket had not yet taken.
   */
  void resumeOnThread(ChunkDecoder decoder, List<RawMessage> undelivered, long lastByteNanos,
      byte[] unsentReplies) {
    looped = null;
    Thread thread = new Thread(() -> runPhase(() -> {
      if (closing) {
        return false;
      }
      channel.configureBlocking(true);
      if (unsentReplies.length > 0) {
        socket.getOutputStream().write(unsentReplies);
      }
      int next = deliver(undelivered, 0, true);
      flushBlocking(socket.getOutputStream());
      if (next < undelivered.size() || handOffWanted()) {
        return handOff(decoder, undelivered.subList(next, undelivered.size()), lastByteNanos);
      }
      return serveMessages(socket.getInputStream(), socket.getOutputStream(),
          new byte[READ_BUFFER_BYTES], decoder, lastByteNanos);
    }), id);
    thread.start();
  }

  private void runPhase(ThreadPhase phase) {
    boolean handedOff = false;
    try {
      handedOff = phase.serve();
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
      if (!handedOff) {
        finish();
      }
    }
  }

  private boolean serve() throws Exception {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] buf = new byte[READ_BUFFER_BYTES];
    Handshake handshake = new Handshake(ThreadLocalRandom.current());
    long handshakeTimeoutMs = config.handshakeTimeout().toMillis();
    long deadlineNanos = System.nanoTime() + config.handshakeTimeout().toNanos();
    // A channel's socket adaptor bounds blocking reads by SO_TIMEOUT as a plain socket does
    // (SocketChannelImpl.blockingRead with a timeout, JDK 13+); RtmpServerTest checks it.
    socket.setSoTimeout((int) handshakeTimeoutMs);
    ChunkDecoder decoder = new ChunkDecoder(config.limits());
    ScheduledFuture<?> deadline = HANDSHAKE_DEADLINES.schedule(() -> {
      if (!handshake.isDone()) {
        handshakeExpired = true;
        closeSocket();
      }
    }, handshakeTimeoutMs, TimeUnit.MILLISECONDS);
    List<RawMessage> undelivered;
    try {
      undelivered = completeHandshake(in, out, buf, handshake, decoder, handshakeTimeoutMs,
          deadlineNanos);
    } catch (IOException e) {
      if (!handshakeExpired) {
        throw e;
      }
      undelivered = List.of();
    } finally {
      deadline.cancel(false);
    }
    if (handshakeExpired) {
      throw new SocketTimeoutException((socket instanceof SSLSocket ? "TLS or RTMP " : "")
          + "handshake not completed within " + handshakeTimeoutMs + " ms");
    }
    if (!handshake.isDone()) {
      LOG.info("{} from {} closed during the handshake", id, remote);
      return false;
    }
    if (handshake.c2Problem() != null) {
      LOG.warn("{} from {} malformed handshake, tolerated: {}", id, remote,
          handshake.c2Problem());
    }
    LOG.debug("{} from {} completed the {} handshake", id, remote,
        handshake.isDigest() ? "digest (" + handshake.scheme() + ")" : "plain");
    if (undelivered != null) {
      return handOff(decoder, undelivered, System.nanoTime());
    }
    return serveMessages(in, out, buf, decoder, System.nanoTime());
  }

  /**
   * Feeds the handshake until it is done or the client closes (handshake then not done).
   * Returns null, or the messages not yet delivered when the bytes after the handshake already
   * started a publish and the connection is to move to a loop.
   */
  private List<RawMessage> completeHandshake(InputStream in, OutputStream out, byte[] buf,
      Handshake handshake, ChunkDecoder decoder, long handshakeTimeoutMs, long deadlineNanos)
      throws Exception {
    while (!handshake.isDone()) {
      int n = readOrTimeout(in, buf, "handshake not completed within " + handshakeTimeoutMs + " ms");
      if (n < 0) {
        return null;
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
        List<RawMessage> rest = onChunkBytes(decoder, bytes, out);
        if (rest != null) {
          return rest;
        }
      }
    }
    return null;
  }

  /** Serves messages until the connection ends (false) or is handed to a loop (true). */
  private boolean serveMessages(InputStream in, OutputStream out, byte[] buf,
      ChunkDecoder decoder, long lastByteNanos) throws Exception {
    long readTimeoutNanos = config.readTimeout().toNanos();
    long idleTimeoutNanos = config.idleTimeout().toNanos();
    socket.setSoTimeout((int) Math.min(CHECK_INTERVAL_MS,
        Math.min(config.readTimeout().toMillis(), config.idleTimeout().toMillis())));
    while (!session.closeRequested()) {
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        long now = System.nanoTime();
        if (now - lastByteNanos >= readTimeoutNanos) {
          throw new SocketTimeoutException(noDataMessage());
        }
        if (now - session.idleSinceNanos() >= idleTimeoutNanos) {
          throw new SocketTimeoutException(idleMessage());
        }
        continue;
      }
      if (n < 0) {
        logEndOfStream(decoder);
        return false;
      }
      lastByteNanos = System.nanoTime();
      List<RawMessage> rest = onChunkBytes(decoder, ByteBuffer.wrap(buf, 0, n), out);
      if (rest != null) {
        return handOff(decoder, rest, lastByteNanos);
      }
      if (lastByteNanos - session.idleSinceNanos() >= idleTimeoutNanos) {
        throw new SocketTimeoutException(idleMessage());
      }
    }
    logRefusedClose();
    if (!(socket instanceof SSLSocket)) {
      // TLS sockets cannot half-close (close_notify ends both ways); they just drain.
      socket.shutdownOutput();
    }
    drainBeforeClose(in, buf);
    return false;
  }

  String noDataMessage() {
    return "no data for " + config.readTimeout().toMillis() + " ms";
  }

  String idleMessage() {
    return "idle: no audio or video for " + config.idleTimeout().toMillis() + " ms";
  }

  void logRefusedClose() {
    LOG.info("{} from {} closed by the server after a refused or failed publish", id, remote);
  }

  void logEndOfStream(ChunkDecoder decoder) {
    String unfinished = decoder.unfinished();
    if (unfinished != null) {
      LOG.warn("{} from {} closed by the client mid-message: {}", id, remote, unfinished);
    } else {
      LOG.info("{} from {} closed by the client", id, remote);
    }
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

  /**
   * Decodes {@code bytes} and delivers their messages, then writes the replies (blocking).
   * Returns null, or the messages after the one that started a publish when the connection is
   * to move to a loop.
   */
  private List<RawMessage> onChunkBytes(ChunkDecoder decoder, ByteBuffer bytes, OutputStream out)
      throws Exception {
    List<RawMessage> messages = decode(decoder, bytes);
    int next = deliver(messages, 0, true);
    session.onBytesReceived(bytesReceived);
    flushBlocking(out);
    if (next < messages.size() || handOffWanted()) {
      return messages.subList(next, messages.size());
    }
    return null;
  }

  /** Counts {@code bytes} as received and decodes them into whole messages. */
  List<RawMessage> decode(ChunkDecoder decoder, ByteBuffer bytes) throws Exception {
    bytesReceived += bytes.remaining();
    return decoder.decode(bytes);
  }

  /** Total bytes received after the handshake, for the session's acknowledgements. */
  long bytesReceived() {
    return bytesReceived;
  }

  /**
   * Hands messages {@code from}.. to the session in order; returns the index of the first one
   * not delivered: all of them, unless the session closed (the rest is dropped, as the
   * connection ends), or {@code stopOnPublish} and a message started a publish that a loop is
   * to serve (the rest goes to the loop).
   */
  int deliver(List<RawMessage> messages, int from, boolean stopOnPublish) throws Exception {
    for (int i = from; i < messages.size(); i++) {
      session.onMessage(MessageCodec.decode(messages.get(i)));
      if (session.closeRequested()) {
        return messages.size();
      }
      if (stopOnPublish && handOffWanted()) {
        return i + 1;
      }
    }
    return messages.size();
  }

  /** Whether {@code message} may block the thread that delivers it (a publish's authorizer). */
  static boolean mayBlock(RtmpMessage message) {
    return message instanceof CommandMessage c && c.name().equals("publish");
  }

  /** Replies the session queued since the last call, or null. */
  byte[] takeReplies() {
    if (pending.size() == 0) {
      return null;
    }
    byte[] bytes = pending.toByteArray();
    pending = new ByteWriter(8 * 1024);
    return bytes;
  }

  private boolean handOffWanted() {
    return channel != null && session.state() == SessionState.PUBLISHING && loops.get() != null;
  }

  /**
   * Moves the publishing session to a loop with the messages not yet delivered; the thread
   * then ends. Returns true (the loop now owns the connection).
   */
  private boolean handOff(ChunkDecoder decoder, List<RawMessage> undelivered, long lastByteNanos)
      throws IOException {
    RtmpIoLoop loop = loops.get();
    if (loop == null) {
      throw new IOException("server closing");
    }
    channel.configureBlocking(false);
    LoopConnection onLoop = new LoopConnection(this, channel, decoder, loop,
        List.copyOf(undelivered), lastByteNanos);
    looped = onLoop;
    LOG.debug("{} publishing: served by {}", id, loop.name());
    loop.adopt(onLoop);
    return true;
  }

  private void flushBlocking(OutputStream out) throws IOException {
    byte[] replies = takeReplies();
    if (replies != null) {
      out.write(replies);
      out.flush();
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
