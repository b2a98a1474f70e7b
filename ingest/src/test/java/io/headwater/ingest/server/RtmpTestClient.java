package io.headwater.ingest.server;

import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.ChunkEncoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.packager.io.ByteWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** A minimal RTMP publisher for tests: plain handshake, commands and media over loopback TCP. */
final class RtmpTestClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
  private final Deque<RtmpMessage> received = new ArrayDeque<>();
  private int transactionId = 1;

  RtmpTestClient(int port) throws IOException {
    this(port, 0);
  }

  /** A client whose socket receive buffer is {@code receiveBufferBytes} (0: the default). */
  RtmpTestClient(int port, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes); // before connect: sets the TCP window
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  void sendRaw(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  void handshake() throws IOException {
    byte[] c0c1 = new byte[1 + 1536];
    c0c1[0] = 3;
    for (int i = 9; i < c0c1.length; i++) {
      c0c1[i] = (byte) i;
    }
    sendRaw(c0c1);
    byte[] s0s1s2 = in.readNBytes(1 + 2 * 1536);
    if (s0s1s2.length != 1 + 2 * 1536 || s0s1s2[0] != 3
        || !Arrays.equals(s0s1s2, 1 + 1536, s0s1s2.length, c0c1, 1, c0c1.length)) {
      throw new IOException("bad S0/S1/S2");
    }
    sendRaw(Arrays.copyOfRange(s0s1s2, 1, 1 + 1536)); // C2 echoes S1
  }

  void send(int csid, RtmpMessage message, long timestamp) throws IOException {
    sendRaw(encode(csid, message, timestamp));
  }

  /** The chunks of {@code message}, to be sent later (together with others, in one write). */
  byte[] encode(int csid, RtmpMessage message, long timestamp) {
    ByteWriter out = new ByteWriter();
    encoder.encode(MessageCodec.encode(message, csid, timestamp), out);
    return out.toByteArray();
  }

  /** The next command's chunks on chunk stream 3, to be sent later. */
  byte[] encodeCommand(int streamId, String name, AmfValue commandObject, AmfValue... args) {
    return encode(3, new CommandMessage(streamId, name, transactionId++, commandObject,
        List.of(args)), 0);
  }

  void command(int streamId, String name, AmfValue commandObject, AmfValue... args)
      throws IOException {
    send(3, new CommandMessage(streamId, name, transactionId++, commandObject, List.of(args)), 0);
  }

  /** connect, releaseStream, FCPublish, createStream, publish; returns the onStatus info. */
  AmfValue.AmfObject publish(String app, String stream) throws IOException {
    int streamId = createStream(app, stream);
    command(streamId, "publish", AmfValue.NULL, AmfValue.string(stream), AmfValue.string("live"));
    return awaitStatus();
  }

  /** The next onStatus info object. */
  AmfValue.AmfObject awaitStatus() throws IOException {
    CommandMessage status = (CommandMessage) await(
        m -> m instanceof CommandMessage c && c.name().equals("onStatus"));
    return (AmfValue.AmfObject) status.arguments().get(0);
  }

  /** Handshake, connect, releaseStream, FCPublish, createStream; returns the stream id. */
  int createStream(String app, String stream) throws IOException {
    handshake();
    command(0, "connect", AmfValue.object("app", AmfValue.string(app),
        "tcUrl", AmfValue.string("rtmp://127.0.0.1/" + app)));
    await(m -> m instanceof CommandMessage c && c.name().equals("_result"));
    command(0, "releaseStream", AmfValue.NULL, AmfValue.string(stream));
    command(0, "FCPublish", AmfValue.NULL, AmfValue.string(stream));
    command(0, "createStream", AmfValue.NULL);
    CommandMessage created = (CommandMessage) await(m -> m instanceof CommandMessage c
        && c.name().equals("_result") && c.arguments().get(0) instanceof AmfValue.AmfNumber);
    return (int) ((AmfValue.AmfNumber) created.arguments().get(0)).value();
  }

  /** Reads messages until one matches; earlier ones are dropped. */
  RtmpMessage await(Predicate<RtmpMessage> wanted) throws IOException {
    byte[] buf = new byte[8192];
    while (true) {
      while (!received.isEmpty()) {
        RtmpMessage m = received.poll();
        if (wanted.test(m)) {
          return m;
        }
      }
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("EOF while waiting for a message");
      }
      try {
        for (RawMessage raw : decoder.decode(ByteBuffer.wrap(buf, 0, n))) {
          received.add(MessageCodec.decode(raw));
        }
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  /** Reads and discards until the server closes; true on EOF (or a reset after the close). */
  boolean readsEndOfStream() throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // discard replies until the server closes
      }
      return true;
    } catch (SocketException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
