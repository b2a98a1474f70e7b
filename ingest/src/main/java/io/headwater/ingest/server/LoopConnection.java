package io.headwater.ingest.server;

import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.session.PublishSession;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;

/**
 * A publishing connection served by an {@link RtmpIoLoop}: non-blocking reads into the loop's
 * buffer feed the connection's {@link ChunkDecoder} and {@link PublishSession} exactly as its
 * own thread did; replies the socket does not take at once wait in a bounded queue under
 * {@code OP_WRITE}; the read and idle timeouts and the refused publish's drain are checked by
 * the loop's periodic scan. Touched only on its loop's thread, except {@link #closeFromOutside}.
 *
 * <p>Nothing here blocks the loop. Per media message the session calls the publisher chain,
 * checked for blocking calls: PublishGate and IngestTracker count; the origin's
 * IngestBitrateLimiter counts bytes; StreamRegistry's publisher demuxes and calls LiveStream,
 * which packages in memory under its own short monitor (HTTP readers use a volatile view, not the
 * monitor); recordings and cluster uploads queue to their writer threads (Recorder,
 * the cluster's Uploader, which drops rather than waits) and the transcoder queues tags for its ffmpeg writer thread
 * (Transcoder.offer). At the end of a publish, onUnpublish detaches the stream and schedules its
 * end on the registry's timer; Transcoder.stop only signals its process. A {@code publish} on an
 * already served connection (after FCUnpublish) calls the authorizer, which may block (an HTTP
 * callback, a takeover's wait): that one goes back to a thread of the connection's own.
 */
final class LoopConnection {
  private static final Logger LOG = RtmpConnection.LOG;
  /** Replies the client has not read beyond which it is disconnected. */
  static final int MAX_QUEUED_REPLY_BYTES = 1 << 20;
  /** Reads of one connection per readiness event, so that one fast sender cannot starve others. */
  private static final int MAX_READS_PER_EVENT = 8;

  private enum State {
    /** Queued to the loop, not yet registered. */
    ADOPTING,
    /** Reading media. */
    MEDIA,
    /** Publish refused or failed: writing the last replies before our FIN. */
    CLOSING,
    /** FIN sent: reading and discarding what the client still sends, for a bounded time. */
    DRAINING,
    /** Given back to a thread of its own. */
    RETURNED,
    /** Ended. */
    FINISHED
  }

  private final RtmpConnection owner;
  private final SocketChannel channel;
  private final ChunkDecoder decoder;
  private final RtmpIoLoop loop;
  private final PublishSession session;
  private final long readTimeoutNanos;
  private final long idleTimeoutNanos;
  private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
  private List<RawMessage> undelivered;
  private SelectionKey key;
  private State state = State.ADOPTING;
  private long queuedBytes;
  private long lastByteNanos;
  private long drainDeadlineNanos;
  private long drainedBytes;

  LoopConnection(RtmpConnection owner, SocketChannel channel, ChunkDecoder decoder,
      RtmpIoLoop loop, List<RawMessage> undelivered, long lastByteNanos) {
    this.owner = owner;
    this.channel = channel;
    this.decoder = decoder;
    this.loop = loop;
    this.session = owner.session();
    this.readTimeoutNanos = owner.config().readTimeout().toNanos();
    this.idleTimeoutNanos = owner.config().idleTimeout().toNanos();
    this.undelivered = undelivered;
    this.lastByteNanos = lastByteNanos;
  }

  String id() {
    return owner.id();
  }

  /**
   * On the loop: registers for reads and delivers the messages that came with the hand-off, in
   * order, before any newer byte is read.
   */
  void register(Selector selector) throws Exception {
    if (owner.closing()) {
      finish();
      return;
    }
    key = channel.register(selector, SelectionKey.OP_READ, this);
    state = State.MEDIA;
    List<RawMessage> first = undelivered;
    undelivered = null;
    afterMessages(first, 0);
  }

  /** From any thread: ends the connection on its loop (takeover, server shutdown). */
  void closeFromOutside() {
    loop.execute(() -> {
      if (state == State.MEDIA || state == State.CLOSING || state == State.DRAINING) {
        finish();
      }
    });
  }

  /** On the loop: the key is ready; reads and/or writes. */
  void onReady(ByteBuffer readBuffer) throws Exception {
    if (!key.isValid()) {
      return;
    }
    if (key.isWritable()) {
      writeQueued();
    }
    if (state != State.FINISHED && state != State.RETURNED && key.isValid()
        && key.isReadable()) {
      read(readBuffer);
    }
  }

  private void read(ByteBuffer buf) throws Exception {
    for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
      buf.clear();
      int n = channel.read(buf);
      if (n < 0) {
        if (state == State.MEDIA) {
          owner.logEndOfStream(decoder);
        }
        finish();
        return;
      }
      if (n == 0) {
        return;
      }
      lastByteNanos = System.nanoTime();
      buf.flip();
      if (state != State.MEDIA) {
        // CLOSING or DRAINING: the client's bytes are discarded, up to a bound.
        drainedBytes += n;
        if (drainedBytes >= RtmpConnection.DRAIN_MAX_BYTES) {
          finish();
          return;
        }
        continue;
      }
      // ChunkDecoder copies what it keeps: the loop's buffer is free again once this returns.
      afterMessages(owner.decode(decoder, buf), 0);
      if (state != State.MEDIA) {
        return;
      }
      if (lastByteNanos - session.idleSinceNanos() >= idleTimeoutNanos) {
        throw new SocketTimeoutException(owner.idleMessage());
      }
      if (n < buf.capacity()) {
        return; // the socket is drained; the next select says when there is more
      }
    }
  }

  /**
   * Delivers {@code messages} from {@code from} in order as the connection's thread did, stopping
   * at one that may block (given back to a thread); then acknowledges, writes the replies and, if
   * the session ended the publish, starts the close.
   */
  private void afterMessages(List<RawMessage> messages, int from) throws Exception {
    for (int i = from; i < messages.size(); i++) {
      RtmpMessage message = MessageCodec.decode(messages.get(i));
      if (RtmpConnection.mayBlock(message)) {
        session.onBytesReceived(owner.bytesReceived());
        queueReplies();
        returnToThread(messages.subList(i, messages.size()));
        return;
      }
      session.onMessage(message);
      if (session.closeRequested()) {
        break;
      }
    }
    session.onBytesReceived(owner.bytesReceived());
    queueReplies();
    if (session.closeRequested() && state == State.MEDIA) {
      owner.logRefusedClose();
      state = State.CLOSING;
      drainDeadlineNanos = System.nanoTime() + RtmpConnection.DRAIN_NANOS;
    }
    writeQueued();
  }

  private void queueReplies() throws IOException {
    byte[] replies = owner.takeReplies();
    if (replies == null) {
      return;
    }
    output.add(ByteBuffer.wrap(replies));
    queuedBytes += replies.length;
    if (queuedBytes > MAX_QUEUED_REPLY_BYTES) {
      throw new IOException(queuedBytes + " bytes of replies not read by the client");
    }
  }

  /** Writes what the socket takes now; waits for OP_WRITE for the rest. */
  private void writeQueued() throws IOException {
    while (!output.isEmpty()) {
      ByteBuffer head = output.peek();
      int written = channel.write(head);
      queuedBytes -= written;
      if (head.hasRemaining()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        return;
      }
      output.poll();
    }
    if ((key.interestOps() & SelectionKey.OP_WRITE) != 0) {
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }
    if (state == State.CLOSING) {
      // Our FIN after the onStatus, then a bounded drain (see RtmpConnection.drainBeforeClose).
      channel.shutdownOutput();
      state = State.DRAINING;
    }
  }

  /** On the loop's periodic scan: applies the read and idle timeouts and the drain deadline. */
  void checkTimeouts(long nowNanos) throws SocketTimeoutException {
    switch (state) {
      case MEDIA -> {
        if (nowNanos - lastByteNanos >= readTimeoutNanos) {
          throw new SocketTimeoutException(owner.noDataMessage());
        }
        if (nowNanos - session.idleSinceNanos() >= idleTimeoutNanos) {
          throw new SocketTimeoutException(owner.idleMessage());
        }
      }
      case CLOSING, DRAINING -> {
        if (nowNanos - drainDeadlineNanos >= 0) {
          LOG.debug("{} still sending after the refusal; closing", owner.id());
          finish();
        }
      }
      default -> {
        // ADOPTING, RETURNED and FINISHED have no timers here.
      }
    }
  }

  /** On the loop: one connection's failure, logged as its thread would have, ends it alone. */
  void fail(Throwable e) {
    if (state == State.FINISHED || state == State.RETURNED) {
      return;
    }
    if (!owner.closing()) {
      if (e instanceof SocketTimeoutException) {
        LOG.warn("{} from {} closed: {}", owner.id(), owner.remote(), e.getMessage());
      } else if (e instanceof IOException) {
        LOG.warn("{} from {} closed: I/O error: {}", owner.id(), owner.remote(), e.getMessage());
      } else {
        LOG.warn("{} from {} closed: {}", owner.id(), owner.remote(),
            e.getMessage() != null ? e.getMessage() : e.toString());
      }
    }
    finish();
  }

  /** On the loop: ends the connection (the owner's end runs once, whoever calls it). */
  void finish() {
    if (state == State.FINISHED || state == State.RETURNED) {
      return;
    }
    state = State.FINISHED;
    if (key != null) {
      key.cancel();
    }
    loop.forget(this);
    owner.finish();
  }

  private void returnToThread(List<RawMessage> rest) {
    state = State.RETURNED;
    key.cancel();
    loop.forget(this);
    List<RawMessage> copy = List.copyOf(rest);
    int unsentBytes = 0;
    for (ByteBuffer b : output) {
      unsentBytes += b.remaining();
    }
    ByteBuffer unsent = ByteBuffer.allocate(unsentBytes);
    for (ByteBuffer b : output) {
      unsent.put(b);
    }
    output.clear();
    // The channel may go back to blocking mode only once the selector has dropped the key; the
    // thread writes what the socket had not yet taken before anything else.
    loop.afterDeregistration(() -> owner.resumeOnThread(decoder, copy, lastByteNanos,
        unsent.array()));
  }
}
