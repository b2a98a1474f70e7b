package io.headwater.bench.load;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.ChunkEncoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import io.headwater.ingest.rtmp.handshake.Handshake;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetChunkSize;
import io.headwater.packager.io.ByteWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One publishing RTMP connection of the load tool: the plain handshake (RTMP 1.0 5.2) and the
 * publish command flow (7.2: connect, releaseStream, FCPublish, createStream, publish) done
 * blocking, then media written without blocking, so that one thread drives many connections:
 * the messages due are appended to one direct outbox buffer and written with one call, whatever
 * their number (no per-message buffer, no copy into the JDK's temporary direct buffers). What the
 * server sends after publish is read and dropped. A local address can be given, so that loopback
 * tests spread connections over 127.0.0.0/8 and stay under a server's per-address connection
 * limit.
 */
final class RtmpPublishClient {
  private static final int CSID_CONTROL = 2;
  private static final int CSID_COMMAND = 3;
  private static final int INITIAL_OUTBOX_BYTES = 64 * 1024;
  /**
   * Most bytes a connection may hold unwritten: ~50 s of a 2.5 Mb/s stream. A server that reads
   * nothing for that long fails the publisher rather than the load tool's memory.
   */
  static final int MAX_OUTBOX_BYTES = 16 << 20;

  private final SocketChannel channel;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
  private final ArrayDeque<RtmpMessage> received = new ArrayDeque<>();
  private final ByteBuffer readScratch = ByteBuffer.allocateDirect(16 * 1024);
  /** Bytes queued and not yet written, in fill mode: [0, position). */
  private ByteBuffer outbox = ByteBuffer.allocateDirect(INITIAL_OUTBOX_BYTES);
  private int transactionId = 1;
  private int streamId;
  private long bytesSent;
  private long writeCalls;
  private long backlogSinceNanos = -1;
  private long maxBacklogNanos;

  /** A client on a channel that is connected and publishing (message stream 0 until then). */
  RtmpPublishClient(SocketChannel channel) {
    this.channel = channel;
  }

  /** Connects and publishes {@code app/stream}; the channel is non-blocking afterwards. */
  static RtmpPublishClient publish(InetSocketAddress server, InetSocketAddress localOrNull,
      String app, String stream) throws IOException {
    SocketChannel channel = SocketChannel.open();
    if (localOrNull != null) {
      channel.bind(localOrNull);
    }
    channel.connect(server);
    channel.socket().setTcpNoDelay(true);
    RtmpPublishClient client = new RtmpPublishClient(channel);
    try {
      client.handshake();
      client.startPublishing(app, stream, "rtmp://" + server.getHostString() + ":"
          + server.getPort() + "/" + app);
      channel.configureBlocking(false);
      return client;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  SocketChannel channel() {
    return channel;
  }

  /** Bytes of media and commands written so far. */
  long bytesSent() {
    return bytesSent;
  }

  /** Write calls made for media so far. */
  long writeCalls() {
    return writeCalls;
  }

  /** Whether bytes wait for the socket. */
  boolean hasPending() {
    return outbox.position() > 0;
  }

  /** Bytes queued and not yet taken by the socket. */
  int pendingBytes() {
    return outbox.position();
  }

  /**
   * The longest time bytes waited for the socket so far (queued, the server not reading them):
   * the server's back-pressure, as opposed to the load tool's own lateness.
   */
  long maxBacklogNanos(long nowNanos) {
    return backlogSinceNanos < 0 ? maxBacklogNanos
        : Math.max(maxBacklogNanos, nowNanos - backlogSinceNanos);
  }

  /**
   * Appends one media message to the outbox: a fresh fmt 0 header (RTMP 1.0 5.3.1.2.1), then the
   * body with its fmt 3 continuation headers, prepared once for all streams.
   *
   * @throws IOException when the server left more than {@link #MAX_OUTBOX_BYTES} unread
   */
  void queue(FlvLoop.Tag tag, long timestampMs) throws IOException {
    if (timestampMs >= 0xFFFFFF) {
      throw new IllegalStateException("timestamps past 4.6 hours need extended timestamps");
    }
    ByteBuffer body = tag.continuation().duplicate();
    reserve(12 + body.remaining());
    outbox.put((byte) tag.csid()); // fmt 0, csid < 64: basic header of one byte (5.3.1.1)
    put24(outbox, (int) timestampMs);
    put24(outbox, tag.bodyBytes());
    outbox.put((byte) tag.typeId());
    outbox.put((byte) streamId).put((byte) (streamId >>> 8)).put((byte) (streamId >>> 16))
        .put((byte) (streamId >>> 24)); // message stream id, little-endian
    outbox.put(body);
  }

  /**
   * Writes what the socket takes now, in one call when it takes everything; returns whether the
   * outbox is empty.
   */
  boolean flush() throws IOException {
    return flush(System.nanoTime());
  }

  /** {@link #flush()} at a known time. */
  boolean flush(long nowNanos) throws IOException {
    if (outbox.position() == 0) {
      return true;
    }
    outbox.flip();
    try {
      while (outbox.hasRemaining()) {
        writeCalls++;
        int n = channel.write(outbox);
        bytesSent += n;
        if (n == 0) {
          break;
        }
      }
    } finally {
      outbox.compact();
    }
    if (outbox.position() == 0) {
      if (backlogSinceNanos >= 0) {
        maxBacklogNanos = Math.max(maxBacklogNanos, nowNanos - backlogSinceNanos);
        backlogSinceNanos = -1;
      }
      return true;
    }
    if (backlogSinceNanos < 0) {
      backlogSinceNanos = nowNanos;
    }
    return false;
  }

  private void reserve(int bytes) throws IOException {
    if (outbox.remaining() >= bytes) {
      return;
    }
    int needed = outbox.position() + bytes;
    if (needed > MAX_OUTBOX_BYTES) {
      throw new IOException("the server left " + outbox.position() + " bytes unread");
    }
    int capacity = outbox.capacity();
    while (capacity < needed) {
      capacity *= 2;
    }
    ByteBuffer bigger = ByteBuffer.allocateDirect(Math.min(capacity, MAX_OUTBOX_BYTES));
    outbox.flip();
    bigger.put(outbox);
    outbox = bigger;
  }

  /** Reads and discards what the server sent; false when it closed the connection. */
  boolean drain() throws IOException {
    while (true) {
      readScratch.clear();
      int n = channel.read(readScratch);
      if (n < 0) {
        return false;
      }
      if (n == 0) {
        return true;
      }
    }
  }

  void close() throws IOException {
    channel.close();
  }

  private void handshake() throws IOException {
    byte[] c0c1 = new byte[1 + Handshake.PACKET_SIZE];
    new Random().nextBytes(c0c1);
    c0c1[0] = Handshake.RTMP_VERSION;
    for (int i = 1; i <= 8; i++) {
      c0c1[i] = 0; // time 0, zero field 0: the plain handshake (5.2.3)
    }
    write(c0c1);
    ByteBuffer s0s1s2 = ByteBuffer.allocate(1 + 2 * Handshake.PACKET_SIZE);
    while (s0s1s2.hasRemaining()) {
      if (channel.read(s0s1s2) < 0) {
        throw new IOException("server closed during the handshake");
      }
    }
    if (s0s1s2.get(0) != Handshake.RTMP_VERSION) {
      throw new IOException("server answered RTMP version " + s0s1s2.get(0));
    }
    byte[] c2 = new byte[Handshake.PACKET_SIZE]; // C2 echoes S1 (5.2.4)
    s0s1s2.get(1, c2);
    write(c2);
  }

  private void startPublishing(String app, String stream, String tcUrl) throws IOException {
    command(0, "connect", AmfValue.object("app", AmfValue.string(app),
        "type", AmfValue.string("nonprivate"), "flashVer", AmfValue.string("FMLE/3.0"),
        "tcUrl", AmfValue.string(tcUrl), "objectEncoding", AmfValue.number(0)));
    await(m -> m instanceof CommandMessage c && c.name().equals("_result"), "connect");
    command(0, "releaseStream", AmfValue.NULL, AmfValue.string(stream));
    command(0, "FCPublish", AmfValue.NULL, AmfValue.string(stream));
    command(0, "createStream", AmfValue.NULL);
    CommandMessage created = (CommandMessage) await(m -> m instanceof CommandMessage c
        && c.name().equals("_result") && !c.arguments().isEmpty()
        && c.arguments().get(0) instanceof AmfValue.AmfNumber, "createStream");
    streamId = (int) ((AmfValue.AmfNumber) created.arguments().get(0)).value();
    command(streamId, "publish", AmfValue.NULL, AmfValue.string(stream), AmfValue.string("live"));
    CommandMessage status = (CommandMessage) await(
        m -> m instanceof CommandMessage c && c.name().equals("onStatus"), "publish");
    String code = status.arguments().isEmpty()
        || !(status.arguments().get(0) instanceof AmfValue.AmfObject info)
        || !(info.get("code") instanceof AmfValue.AmfString s) ? "no code" : s.value();
    if (!code.equals("NetStream.Publish.Start")) {
      throw new IOException("publish of " + stream + " refused: " + code);
    }
    send(CSID_CONTROL, new SetChunkSize(FlvLoop.CHUNK_SIZE));
  }

  private RtmpMessage await(Predicate<RtmpMessage> wanted, String what) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (true) {
      while (!received.isEmpty()) {
        RtmpMessage m = received.poll();
        if (wanted.test(m)) {
          return m;
        }
      }
      buf.clear();
      if (channel.read(buf) < 0) {
        throw new IOException("server closed while waiting for the answer to " + what);
      }
      buf.flip();
      try {
        for (RawMessage raw : decoder.decode(buf)) {
          if (raw.typeId() == 20 || raw.typeId() <= 6) { // commands and protocol control
            received.add(MessageCodec.decode(raw));
          }
        }
      } catch (RtmpProtocolException e) {
        throw new IOException("bad answer to " + what + ": " + e.getMessage(), e);
      }
    }
  }

  private void command(int msid, String name, AmfValue commandObject, AmfValue... args)
      throws IOException {
    send(CSID_COMMAND, new CommandMessage(msid, name, transactionId++, commandObject,
        List.of(args)));
  }

  private void send(int csid, RtmpMessage message) throws IOException {
    ByteWriter out = new ByteWriter(256);
    encoder.encode(MessageCodec.encode(message, csid, 0), out);
    write(out.toByteArray());
  }

  private void write(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      bytesSent += channel.write(b);
    }
  }

  private static void put24(ByteBuffer b, int v) {
    b.put((byte) (v >>> 16)).put((byte) (v >>> 8)).put((byte) v);
  }
}
