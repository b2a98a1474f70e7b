package io.headwater.ingest.flv;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.nio.charset.StandardCharsets;

/**
 * The header of an FLV video tag body carrying H.264 (FLV spec E.4.3.1 VIDEODATA and
 * AVCVIDEOPACKET): frame type, AVCPacketType and the signed composition time.
 *
 * <pre>
 * FrameType UB4 | CodecID UB4 | AVCPacketType UI8 | CompositionTime SI24 | Data
 * </pre>
 *
 * @param frameType 1 keyframe, 2 inter frame, 3 disposable inter, 4 generated key, 5 command
 * @param avcPacketType {@link #SEQUENCE_HEADER}, {@link #NALU} or {@link #END_OF_SEQUENCE}; -1
 *     for a command frame, which carries no AVC packet
 * @param compositionTimeMs presentation minus decode time in milliseconds (NALU packets)
 * @param dataOffset where the payload starts in the tag body
 */
public record VideoTagHeader(int frameType, int avcPacketType, int compositionTimeMs,
    int dataOffset) {
  /** CodecID 7: AVC. */
  public static final int CODEC_AVC = 7;
  /** FrameType 1: a keyframe (for AVC, a seekable frame). */
  public static final int FRAME_TYPE_KEY = 1;
  /** FrameType 5: video info / command frame. */
  public static final int FRAME_TYPE_COMMAND = 5;
  /** AVCPacketType 0: AVCDecoderConfigurationRecord. */
  public static final int SEQUENCE_HEADER = 0;
  /** AVCPacketType 1: one or more NAL units with length prefixes. */
  public static final int NALU = 1;
  /** AVCPacketType 2: end of sequence; no payload. */
  public static final int END_OF_SEQUENCE = 2;

  /** Parses the header; non-AVC codecs, enhanced-RTMP headers and truncation are malformed. */
  public static VideoTagHeader parse(byte[] body) throws MalformedMediaException {
    if (body.length == 0) {
      throw new MalformedMediaException("video tag: empty body, no FrameType and CodecID");
    }
    ByteReader in = new ByteReader(body);
    int first = in.readU8("video tag FrameType/CodecID");
    if ((first & 0x80) != 0) {
      // Enhanced RTMP ExVideoTagHeader: IsExHeader UB1 | FrameType UB3 | PacketType UB4 | FourCC
      byte[] fourCc = in.readBytes(4, "video tag FourCC");
      throw new MalformedMediaException("unsupported video codec FourCC '"
          + new String(fourCc, StandardCharsets.ISO_8859_1) + "' (enhanced RTMP)");
    }
    int frameType = first >>> 4;
    int codecId = first & 0x0F;
    if (codecId != CODEC_AVC) {
      throw new MalformedMediaException("unsupported video codec id " + codecId);
    }
    if (frameType == FRAME_TYPE_COMMAND) {
      return new VideoTagHeader(frameType, -1, 0, body.length);
    }
    int packetType = in.readU8("video tag AVCPacketType");
    int compositionTimeMs = in.readS24("video tag CompositionTime");
    if (packetType > END_OF_SEQUENCE) {
      throw new MalformedMediaException("video tag: unknown AVCPacketType " + packetType
          + " at offset 1");
    }
    return new VideoTagHeader(frameType, packetType, compositionTimeMs, in.position());
  }
}
