package io.headwater.bench.load;

import io.headwater.ingest.RtmpProtocolException;
import io.headwater.ingest.rtmp.chunk.ChunkDecoder;
import io.headwater.ingest.rtmp.chunk.RawMessage;
import io.headwater.ingest.rtmp.chunk.RtmpLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the publisher-to-server half of an RTMP connection as it passes through a relay and
 * reports every video message whose last byte was in the bytes just forwarded. The handshake's
 * C0, C1 and C2 (RTMP 1.0 section 5.2.2-5.2.4: 1 + 1536 + 1536 bytes, the client sends C2 only
 * after S1, so nothing else precedes the chunk stream) pass unparsed; the chunk stream after them
 * is reassembled by the ingest module's {@link ChunkDecoder}, which applies the client's Set Chunk
 * Size (section 5.4.1) and bounds every declared length before allocating. Not thread-safe.
 */
final class RtmpTap {
  /** C0 + C1 + C2. */
  static final int HANDSHAKE_BYTES = 1 + 1536 + 1536;
  /** RTMP message type 8: audio (section 7.1.4). */
  static final int TYPE_AUDIO = 8;
  /** RTMP message type 9: video (section 7.1.5). */
  static final int TYPE_VIDEO = 9;
  private static final int CODEC_AVC = 7;
  private static final int FORMAT_AAC = 10;

  private final ChunkDecoder decoder = new ChunkDecoder(RtmpLimits.DEFAULT);
  private int handshakeLeft = HANDSHAKE_BYTES;
  private long videoMessages;

  /**
   * Parses {@code length} bytes of the publisher's stream, all of which reached the server at
   * {@code arrivalNanos}, and returns the video messages they completed, in order.
   *
   * @throws RtmpProtocolException when the bytes are not an RTMP client stream
   */
  List<VideoArrival> accept(byte[] bytes, int offset, int length, long arrivalNanos)
      throws RtmpProtocolException {
    return accept(bytes, offset, length, arrivalNanos, new ArrayList<>());
  }

  /**
   * As {@link #accept(byte[], int, int, long)}, and adds the audio messages the bytes completed
   * to {@code audioOut}.
   */
  List<VideoArrival> accept(byte[] bytes, int offset, int length, long arrivalNanos,
      List<AudioArrival> audioOut) throws RtmpProtocolException {
    int at = offset;
    int end = offset + length;
    if (handshakeLeft > 0 && at < end) {
      if (handshakeLeft == HANDSHAKE_BYTES && bytes[at] != 3) {
        throw new RtmpProtocolException("C0 version " + (bytes[at] & 0xFF) + ", expected 3"
            + " (RTMP 1.0 section 5.2.2)");
      }
      int skip = Math.min(handshakeLeft, end - at);
      handshakeLeft -= skip;
      at += skip;
    }
    if (at == end) {
      return List.of();
    }
    List<RawMessage> messages = decoder.decode(ByteBuffer.wrap(bytes, at, end - at));
    List<VideoArrival> videos = new ArrayList<>();
    for (RawMessage m : messages) {
      if (m.typeId() == TYPE_VIDEO && m.payload().length > 0) {
        videos.add(video(m, arrivalNanos));
      } else if (m.typeId() == TYPE_AUDIO && m.payload().length > 0) {
        audioOut.add(audio(m, arrivalNanos));
      }
    }
    videoMessages += videos.size();
    return videos;
  }

  /** Video messages seen so far. */
  long videoMessages() {
    return videoMessages;
  }

  /** The chunk size the publisher set, as the server now reads it. */
  int chunkSize() {
    return decoder.chunkSize();
  }

  // FLV VIDEODATA (video file format spec v10.1 E.4.3.1): frame type in the high nibble of the
  // first byte, codec id in the low one; for AVC an AVCPacketType byte (0 = sequence header,
  // 1 = NALUs, 2 = end of sequence) and a signed 24-bit composition time follow.
  private static VideoArrival video(RawMessage m, long arrivalNanos) {
    byte[] p = m.payload();
    int frameType = (p[0] >> 4) & 0x07;
    int codec = p[0] & 0x0F;
    boolean avc = codec == CODEC_AVC && (p[0] & 0x80) == 0 && p.length >= 5;
    boolean notFrame = avc && (p[1] == 0 || p[1] == 2);
    int cts = 0;
    if (avc && p[1] == 1) {
      cts = ((p[2] & 0xFF) << 16 | (p[3] & 0xFF) << 8 | (p[4] & 0xFF)) << 8 >> 8;
    }
    return new VideoArrival(m.timestamp(), cts, frameType == 1, notFrame,
        p.length, arrivalNanos);
  }

  // FLV AUDIODATA (E.4.2.1): sound format in the high nibble; for AAC an AACPacketType byte
  // follows (0 = AudioSpecificConfig, 1 = raw frame).
  private static AudioArrival audio(RawMessage m, long arrivalNanos) {
    byte[] p = m.payload();
    boolean aac = ((p[0] >> 4) & 0x0F) == FORMAT_AAC;
    return new AudioArrival(m.timestamp(), aac && (p.length < 2 || p[1] == 0), arrivalNanos);
  }
}
