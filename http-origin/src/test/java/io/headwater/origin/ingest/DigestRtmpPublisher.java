package io.headwater.origin.ingest;

import io.headwater.ingest.flv.FlvReader;
import io.headwater.ingest.flv.FlvTag;
import io.headwater.ingest.rtmp.amf.AmfValue;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.ChunkEncoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import io.headwater.ingest.rtmp.handshake.Handshake;
import io.headwater.ingest.rtmp.handshake.HandshakeDigest;
import io.headwater.ingest.rtmp.message.MessageCodec;
import io.headwater.ingest.rtmp.message.RtmpMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.AudioMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.CommandMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.DataMessage;
import io.headwater.ingest.rtmp.message.RtmpMessage.SetChunkSize;
import io.headwater.ingest.rtmp.message.RtmpMessage.VideoMessage;
import io.headwater.packager.io.ByteWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Our own RTMP publisher for the compatibility tests, exercising what ffmpeg and GStreamer do not
 * all do: the digest handshake (it checks the server's S1 digest and S2 signature as librtmp
 * does, and signs C2), 2- and 3-byte chunk basic headers (audio on chunk stream 100, video on
 * 400), Set Chunk Size changes mid-stream and extended timestamps with their fmt 3 repeats.
 */
final class DigestRtmpPublisher implements AutoCloseable {
  /** Chunk stream of audio: a 2-byte basic header (64..319). */
  static final int AUDIO_CSID = 100;
  /** Chunk stream of video: a 3-byte basic header (320..65599). */
  static final int VIDEO_CSID = 400;

  /** Maps a tag of the file to what is sent: a changed tag, or null to leave it out. */
  interface TagRewrite {
    FlvTag apply(FlvTag tag);
  }

  private final Socket socket;
  private final InputStream in;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
  private final Deque<RtmpMessage> received = new ArrayDeque<>();
  private int transactionId = 1;
  private int streamId;
  private byte[] c1;
  private HandshakeDigest.Scheme scheme;

  DigestRtmpPublisher(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  /** The digest handshake; throws when the server's digests do not verify. */
  void handshake(HandshakeDigest.Scheme clientScheme) throws IOException {
    scheme = clientScheme;
    c1 = new byte[Handshake.PACKET_SIZE];
    new Random(42).nextBytes(c1);
    Arrays.fill(c1, 0, 4, (byte) 0);
    c1[4] = 10; // Flash Player 10.0.32.18, as librtmp announces itself
    c1[5] = 0;
    c1[6] = 32;
    c1[7] = 18;
    HandshakeDigest.imprint(c1, scheme, HandshakeDigest.PLAYER_KEY,
        HandshakeDigest.PLAYER_TEXT_KEY_BYTES);
    byte[] c0c1 = new byte[1 + c1.length];
    c0c1[0] = Handshake.RTMP_VERSION;
    System.arraycopy(c1, 0, c0c1, 1, c1.length);
    sendRaw(c0c1);
    byte[] s0s1s2 = in.readNBytes(1 + 2 * Handshake.PACKET_SIZE);
    if (s0s1s2.length != 1 + 2 * Handshake.PACKET_SIZE || s0s1s2[0] != Handshake.RTMP_VERSION) {
      throw new IOException("short or wrong S0/S1/S2");
    }
    byte[] s1 = Arrays.copyOfRange(s0s1s2, 1, 1 + Handshake.PACKET_SIZE);
    byte[] s2 = Arrays.copyOfRange(s0s1s2, 1 + Handshake.PACKET_SIZE, s0s1s2.length);
    HandshakeDigest.Scheme serverScheme = HandshakeDigest.findScheme(s1,
        HandshakeDigest.SERVER_KEY, HandshakeDigest.SERVER_TEXT_KEY_BYTES);
    if (serverScheme != scheme) {
      throw new IOException("S1 digest does not verify in " + scheme + ": " + serverScheme);
    }
    if (!HandshakeDigest.verifySignature(s2, HandshakeDigest.SERVER_KEY,
        HandshakeDigest.digestOf(c1, scheme))) {
      throw new IOException("S2 does not sign the C1 digest");
    }
    byte[] c2 = new byte[Handshake.PACKET_SIZE];
    new Random(43).nextBytes(c2);
    HandshakeDigest.sign(c2, HandshakeDigest.PLAYER_KEY, HandshakeDigest.digestOf(s1, scheme));
    sendRaw(c2);
  }

  /** connect (with objectEncoding 0), releaseStream, FCPublish, createStream, publish. */
  AmfValue.AmfObject publish(String appWithQuery, String stream) throws IOException {
    command(0, "connect", AmfValue.object("app", AmfValue.string(appWithQuery),
        "type", AmfValue.string("nonprivate"),
        "tcUrl", AmfValue.string("rtmp://127.0.0.1/" + appWithQuery),
        "objectEncoding", AmfValue.number(0)));
    await(m -> m instanceof CommandMessage c && c.name().equals("_result"));
    command(0, "releaseStream", AmfValue.NULL, AmfValue.string(stream));
    command(0, "FCPublish", AmfValue.NULL, AmfValue.string(stream));
    command(0, "createStream", AmfValue.NULL);
    CommandMessage created = (CommandMessage) await(m -> m instanceof CommandMessage c
        && c.name().equals("_result") && !c.arguments().isEmpty()
        && c.arguments().get(0) instanceof AmfValue.AmfNumber);
    streamId = (int) ((AmfValue.AmfNumber) created.arguments().get(0)).value();
    command(streamId, "publish", AmfValue.NULL, AmfValue.string(stream), AmfValue.string("live"));
    CommandMessage status = (CommandMessage) await(
        m -> m instanceof CommandMessage c && c.name().equals("onStatus"));
    return (AmfValue.AmfObject) status.arguments().get(0);
  }

  /**
   * Sends every tag of {@code flv}, rewritten by {@code rewrite}, as fast as the socket takes
   * them; the chunk size goes from 128 to 4096 after a quarter of the tags and to 1000 after
   * half, as encoders that renegotiate do.
   */
  void sendFile(Path flv, TagRewrite rewrite) throws Exception {
    List<FlvTag> tags = new java.util.ArrayList<>();
    try (InputStream file = Files.newInputStream(flv)) {
      FlvReader reader = new FlvReader(file);
      for (FlvTag t = reader.next(); t != null; t = reader.next()) {
        tags.add(t);
      }
    }
    for (int i = 0; i < tags.size(); i++) {
      if (i == tags.size() / 4) {
        send(2, new SetChunkSize(4096), 0);
      } else if (i == tags.size() / 2) {
        send(2, new SetChunkSize(1000), 0);
      }
      FlvTag tag = rewrite.apply(tags.get(i));
      if (tag == null) {
        continue;
      }
      sendTag(tag);
    }
  }

  /** deleteStream, as a clean unpublish. */
  void unpublish() throws IOException {
    command(0, "FCUnpublish", AmfValue.NULL);
    command(0, "deleteStream", AmfValue.NULL, AmfValue.number(streamId));
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

  /** Reads until the server closes; true on EOF or a reset, false if still open after 10 s. */
  boolean closedByServer() throws IOException {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) {
        // replies before the close are not looked at
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true; // reset after the server's close
    }
  }

  /** Sends one tag as the matching RTMP message. */
  void sendTag(FlvTag tag) throws IOException {
    long wire = tag.timestampMs() & 0xFFFF_FFFFL;
    switch (tag.type()) {
      case FlvTag.AUDIO -> send(AUDIO_CSID, new AudioMessage(wire, streamId, tag.body()), wire);
      case FlvTag.VIDEO -> send(VIDEO_CSID, new VideoMessage(wire, streamId, tag.body()), wire);
      default -> send(4, new DataMessage(wire, streamId, withSetDataFrame(tag.body())), wire);
    }
  }

  private static byte[] withSetDataFrame(byte[] scriptBody) {
    ByteWriter w = new ByteWriter();
    byte[] name = "@setDataFrame".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    w.u8(2); // AMF0 string marker
    w.u16(name.length);
    w.bytes(name, 0, name.length);
    w.bytes(scriptBody, 0, scriptBody.length);
    return w.toByteArray();
  }

  private void command(int msid, String name, AmfValue commandObject, AmfValue... args)
      throws IOException {
    send(3, new CommandMessage(msid, name, transactionId++, commandObject, List.of(args)), 0);
  }

  private void send(int csid, RtmpMessage message, long timestamp) throws IOException {
    ByteWriter out = new ByteWriter();
    encoder.encode(MessageCodec.encode(message, csid, timestamp), out);
    sendRaw(out.toByteArray());
  }

  private void sendRaw(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
