package io.headwater.ingest.flv;

import io.headwater.packager.io.ByteReader;
import io.headwater.packager.io.MalformedMediaException;
import java.nio.charset.StandardCharsets;

/**
 * The Enhanced RTMP extended video tag header (veovera enhanced-rtmp v1, "ExVideoTagHeader"),
 * present when the top bit of a video tag's first byte is set.
 *
 * <pre>
 * IsExHeader UB1 (1) | FrameType UB3 | PacketType UB4 | VideoFourCc UI32   (v1)
 * PacketType 6 (Multitrack) and 7 (ModEx), both v2, put more fields before the FourCC.
 * </pre>
 *
 * @param frameType 1 keyframe, 2 inter frame, ... as in the legacy header
 * @param packetType 0 SequenceStart, 1 CodedFrames, 2 SequenceEnd, 3 CodedFramesX,
 *     4 Metadata, 5 MPEG2TSSequenceStart, 6 Multitrack, 7 ModEx
 * @param fourCc the codec's FourCC, e.g. {@code hvc1}, {@code av01}, {@code vp09}; null when the
 *     packet type places it elsewhere (multitrack, ModEx)
 */
public record ExVideoTagHeader(int frameType, int packetType, String fourCc) {
  /** PacketType of Multitrack (enhanced-rtmp v2). */
  public static final int PACKET_TYPE_MULTITRACK = 6;
  /** PacketType of ModEx (enhanced-rtmp v2). */
  public static final int PACKET_TYPE_MOD_EX = 7;

  /** Whether {@code body} starts with an extended header (IsExHeader set). */
  public static boolean isExtended(byte[] body) {
    return body.length > 0 && (body[0] & 0x80) != 0;
  }

  /** Parses the header of an extended video tag body. */
  public static ExVideoTagHeader parse(byte[] body) throws MalformedMediaException {
    ByteReader in = new ByteReader(body);
    int first = in.readU8("enhanced video tag IsExHeader/FrameType/PacketType");
    if ((first & 0x80) == 0) {
      throw new MalformedMediaException("video tag: not an enhanced RTMP header (IsExHeader 0)");
    }
    int frameType = (first >>> 4) & 0x07;
    int packetType = first & 0x0F;
    if (packetType == PACKET_TYPE_MULTITRACK || packetType == PACKET_TYPE_MOD_EX) {
      return new ExVideoTagHeader(frameType, packetType, null);
    }
    byte[] fourCc = in.readBytes(4, "enhanced video tag VideoFourCc");
    return new ExVideoTagHeader(frameType, packetType,
        new String(fourCc, StandardCharsets.ISO_8859_1));
  }

  /** The codec in words for a log line or an onStatus description. */
  public String describe() {
    if (fourCc != null) {
      return "FourCC '" + fourCc.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
    return packetType == PACKET_TYPE_MULTITRACK ? "multitrack packet" : "ModEx packet";
  }
}
